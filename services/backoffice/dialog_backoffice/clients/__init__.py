"""One client module per service: each wraps that service's staff API routes the back office
uses, on the shared ``ServiceClient`` (base.py) that turns every failure into a sentence."""
