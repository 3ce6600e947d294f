"""Oversight figures computed from stored outcomes: per generating system, per rule and model. Pure."""
