"""The compliance officers' desk: server-rendered Jinja2 pages under /ui/."""
