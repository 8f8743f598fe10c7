"""The home page: the user's jurisdiction at a glance and the to-do list of the rule registry.

It composes figures that several apps own (organizations, party organizations, members, the
change log, the rules' to-do list) and sends an instructor to their phone workspace, so it sits
above them all. Only the coverage dashboard (liangxin.rules.views) imports its `figures`: the
headline figures are defined once there and shown the same on both pages.
"""
