"""Campaign review at personalisation scale: templates approved once, variants verified
mechanically, and near-duplicate variants grouped so an officer reads a group once."""
