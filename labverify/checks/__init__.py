"""Plain functions that judge what Azure (or the student's machine) shows against the lab.

They take SDK models or plain values and the lab config, return evidence on success, and
raise LabFail / LabInProgress / CouldNotVerify otherwise. No pytest, no network.
"""
