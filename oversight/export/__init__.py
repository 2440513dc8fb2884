"""Exports of findings and entities: CSV, JSON lines, and FollowTheMoney entities for Aleph and OpenSanctions tools."""
