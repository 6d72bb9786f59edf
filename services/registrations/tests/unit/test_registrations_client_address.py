"""The client address behind proxies: only what trusted proxies recorded is believed."""

import ipaddress

from dialog_registrations.ratelimit import client_address

NETWORKS = (ipaddress.ip_network("10.0.0.0/8"),)


def test_without_trusted_proxies_the_socket_counts():
    assert client_address("203.0.113.7", "1.1.1.1", 0) == "203.0.113.7"


def test_a_count_of_proxies_takes_the_address_the_last_one_saw():
    assert client_address("10.0.0.5", "6.6.6.6, 203.0.113.7", 1) == "203.0.113.7"
    assert client_address("10.0.0.5", None, 1) == "10.0.0.5"


def test_networks_are_walked_from_the_right_and_stop_at_the_first_stranger():
    assert client_address("10.0.0.5", "6.6.6.6, 203.0.113.7, 10.1.1.1", NETWORKS) == "203.0.113.7"
    assert client_address("203.0.113.9", "6.6.6.6", NETWORKS) == "203.0.113.9"  # not a proxy
