"""Printed documents: the family plan, "my tasks" and the invitation letter as PDF.

``jobs.render_pdf`` hands a document to the task consumer, where ``render`` is the only
place that calls WeasyPrint; its URL fetcher serves only
the app's own static files. What the documents show is the features' own
(``plans.printed``, ``network.printed``); ``cache`` keeps the PDF of a frozen plan version,
``views`` and ``cli`` hand them out.
"""
