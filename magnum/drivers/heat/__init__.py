"""Drivers that build Kubernetes bays with Heat stacks."""
