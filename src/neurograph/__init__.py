"""neurograph: a graph database of biochemical relationships built from documents.

The flow, one module per stage::

    documents -> extract -> assemble -> graph (networkx mirror)
              -> store (Neo4j over Bolt; embedded ArcadeDB by default)
              -> paths / cypher -> view (HTML)

Importing the package is cheap on purpose: the CLI's cold start matters.
"""

__version__ = "0.1.0"
