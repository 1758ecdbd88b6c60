"""One search box over what a user may see: case references, clients, and the people on the
maps of their cases (``services.search``), kept in step by ``index``. Public face: ``bp``
(``views``), ``configure`` (``index``) and ``search``."""
