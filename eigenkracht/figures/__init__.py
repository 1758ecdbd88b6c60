"""The organisation's figures: whether it works (issue 23).

Aggregates only, for administrators and managers, per period and per coordinator, job coach
or team: the path from referral to a plan that holds, the times it takes, the conference,
the network's growth, review meetings and work-case contacts. The rules live in
``services``; ``report`` gives them their shapes (tables, charts, CSV, JSON); ``views`` the
page, CSV and PDF; the API's ``GET /api/v1/figures`` is in ``eigenkracht.api``.
"""
