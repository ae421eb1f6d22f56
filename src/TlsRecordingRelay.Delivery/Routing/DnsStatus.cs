namespace TlsRecordingRelay.Delivery.Routing;

/// <summary>How a DNS question ended, in the terms delivery decisions need.</summary>
public enum DnsStatus
{
    /// <summary>Records of the asked type exist.</summary>
    Found,

    /// <summary>NOERROR without records of that type (RFC 2308 NODATA): e.g. no MX, so use A/AAAA.</summary>
    NoRecords,

    /// <summary>NXDOMAIN: the name does not exist; retrying will not help.</summary>
    NotFound,

    /// <summary>SERVFAIL, timeout, refused: ask again later.</summary>
    TemporaryFailure,
}
