"""Watching a class live: every student graded in rounds, the class's progress as it changes.

``rounds`` grades one round (one Grade per student, as ``labverify grade --out`` would) and
reduces each grade to a sighting: a kind per task. ``board`` follows the sightings from round
to round (stale grades, changes, students stuck on one check) and is all a view reads;
``history`` keeps the rounds (``rounds.jsonl``) and the web view's ``state.json``; ``terminal``
and ``page`` draw the board; ``serve`` serves the page on this computer only.
"""
