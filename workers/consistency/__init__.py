"""Keeping officers consistent: precedents for a decision, and how far officers agree."""
