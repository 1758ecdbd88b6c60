"""Evaluation: the short questionnaire each participant answers through their personal link
after the conference and after each review meeting (``services``), and its summary per role
for the coordinator and the figures."""
