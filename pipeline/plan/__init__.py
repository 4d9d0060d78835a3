"""The plan reader: a campaign plan (kế hoạch phát động) into a draft campaign config.

``reader`` reads the plan's facts with their quotes; ``writer`` writes them into a YAML in
the shape of a model config, a comment after each value saying where it came from, and
``TODO`` where the plan says nothing.
"""
