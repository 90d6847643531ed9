//! Mechanisms that decide whether matched words amount to a finding: the confidentiality
//! combiner (weak signals combine), identifier validators (checksums), the watch list.

pub mod combine;
pub mod validate;
pub mod watchlist;
