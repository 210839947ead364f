extension AWSError.Code {
    // EC2
    public static let invalidInstanceIDNotFound: Self = "InvalidInstanceID.NotFound"
    public static let invalidInstanceIDMalformed: Self = "InvalidInstanceID.Malformed"
    /// What EC2 answers when `ModifyInstanceAttribute --groups` targets an instance with several interfaces.
    public static let invalidInstanceID: Self = "InvalidInstanceID"
    public static let invalidGroupNotFound: Self = "InvalidGroup.NotFound"
    public static let invalidGroupIDMalformed: Self = "InvalidGroupId.Malformed"
    public static let invalidGroupDuplicate: Self = "InvalidGroup.Duplicate"
    public static let invalidPermissionDuplicate: Self = "InvalidPermission.Duplicate"
    public static let invalidNetworkInterfaceIDNotFound: Self = "InvalidNetworkInterfaceID.NotFound"
    public static let invalidNetworkInterfaceIDMalformed: Self = "InvalidNetworkInterfaceID.Malformed"
    public static let invalidVolumeNotFound: Self = "InvalidVolume.NotFound"
    public static let invalidVolumeIDMalformed: Self = "InvalidVolumeID.Malformed"
    public static let invalidSnapshotNotFound: Self = "InvalidSnapshot.NotFound"
    public static let invalidSnapshotIDMalformed: Self = "InvalidSnapshotID.Malformed"
    public static let invalidVpcIDNotFound: Self = "InvalidVpcID.NotFound"
    public static let invalidID: Self = "InvalidID"
    public static let incorrectInstanceState: Self = "IncorrectInstanceState"
    public static let incorrectState: Self = "IncorrectState"
    public static let invalidParameterValue: Self = "InvalidParameterValue"
    public static let invalidParameterCombination: Self = "InvalidParameterCombination"
    public static let missingParameter: Self = "MissingParameter"
    public static let tagLimitExceeded: Self = "TagLimitExceeded"
    public static let unauthorizedOperation: Self = "UnauthorizedOperation"
    public static let requestLimitExceeded: Self = "RequestLimitExceeded"
    public static let invalidPaginationToken: Self = "InvalidPaginationToken"
    // Auto Scaling, ELB, ELBv2
    public static let validationError: Self = "ValidationError"
    public static let accessDenied: Self = "AccessDenied"
    public static let throttling: Self = "Throttling"
    public static let loadBalancerNotFound: Self = "LoadBalancerNotFound"
    public static let invalidInstance: Self = "InvalidInstance"
    public static let targetGroupNotFound: Self = "TargetGroupNotFound"
    public static let invalidTarget: Self = "InvalidTarget"
    // Any service
    public static let internalError: Self = "InternalError"
    public static let serviceUnavailable: Self = "ServiceUnavailable"

    private static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]
    private static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure",
        "ServiceUnavailable", "Unavailable", "IDPCommunicationError",
    ]

    /// Whether the code means "slow down" (the SDKs' throttling error codes).
    public var isThrottling: Bool { Self.throttlingCodes.contains(rawValue) }
    /// Whether the code names a transient server-side fault.
    public var isTransient: Bool { Self.transientCodes.contains(rawValue) }

    /// The HTTP status AWS sends with this code.
    public var defaultHTTPStatus: Int {
        switch rawValue {
        case "UnauthorizedOperation", "AccessDenied": 403
        case "RequestLimitExceeded", "ServiceUnavailable", "Unavailable": 503
        case "InternalError", "InternalFailure": 500
        default: 400
        }
    }
}
