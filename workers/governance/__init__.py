"""The governance register: what models, rule packs and policies are in force, and how a change to
one is proposed, replayed on past copy and approved by a second person before it takes effect."""
