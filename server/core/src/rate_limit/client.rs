//! Who a request comes from, as far as limits are concerned: the connection's peer, or the client
//! a trusted reverse proxy names in `X-Forwarded-For`. IPv6 addresses count by their /64 network.

use axum::http::request::Parts;
use axum::http::HeaderMap;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};

/// Who is making a request, as far as the limits are concerned: the client's address (IPv6
/// addresses by their /64 network, which one client usually holds whole), or `None` when the
/// connection's address is unknown (requests handed to the router directly, as in tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Client(Option<IpAddr>);

impl Client {
    pub fn new(ip: Option<IpAddr>) -> Client {
        Client(ip.map(|ip| match ip {
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => IpAddr::V4(v4),
                None => {
                    let network = u128::from(v6) & !((1u128 << 64) - 1);
                    IpAddr::V6(Ipv6Addr::from(network))
                }
            },
            v4 => v4,
        }))
    }

    /// The client as bytes, to count it under: a tag (0 unknown, 4 or 6) and the address.
    pub fn key(&self) -> Vec<u8> {
        match self.0 {
            None => vec![0],
            Some(IpAddr::V4(v4)) => [&[4][..], &v4.octets()].concat(),
            Some(IpAddr::V6(v6)) => [&[6][..], &v6.octets()].concat(),
        }
    }

    /// The client of the request with these parts: the connection's peer, or — when the peer is
    /// one of `trusted_proxies` — the last address in `X-Forwarded-For` that is not a trusted
    /// proxy.
    pub fn of_request(parts: &Parts, trusted_proxies: &[IpAddr]) -> Client {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip());
        Client::new(peer.map(|peer| forwarded_client(peer, &parts.headers, trusted_proxies)))
    }
}

/// The client behind `peer`: `peer` itself unless it is a trusted proxy, in which case the
/// addresses it forwarded are read from the right, skipping further trusted proxies. An entry
/// that is not an address stops the walk (whatever lies left of it cannot be trusted).
fn forwarded_client(peer: IpAddr, headers: &HeaderMap, trusted_proxies: &[IpAddr]) -> IpAddr {
    if !trusted_proxies.contains(&peer) {
        return peer;
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for entry in forwarded.iter().rev() {
        match entry.parse::<IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !trusted_proxies.contains(&ip) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Client {
        Client::new(Some(s.parse().unwrap()))
    }

    #[test]
    fn ipv6_clients_count_by_network_and_mapped_ipv4_as_ipv4() {
        assert_eq!(ip("2001:db8::1"), ip("2001:db8::ffff"));
        assert_ne!(ip("2001:db8::1"), ip("2001:db8:0:1::1"));
        assert_eq!(ip("::ffff:10.0.0.1"), ip("10.0.0.1"));
    }

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "1.1.1.1, 203.0.113.7".parse().unwrap());
        let client = forwarded_client(proxy, &headers, &[]);
        assert_eq!(client, proxy, "not trusted: the header is ignored");
        let client = forwarded_client(proxy, &headers, &[proxy]);
        assert_eq!(client, "203.0.113.7".parse::<IpAddr>().unwrap());
        let other: IpAddr = "192.0.2.5".parse().unwrap();
        assert_eq!(forwarded_client(other, &headers, &[proxy]), other);
    }
}
