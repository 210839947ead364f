/// The services irun calls over the AWS JSON 1.0 protocol: a POST of a JSON body naming the
/// action in `X-Amz-Target`, signed with SigV4 like every other call.
public enum JSONService: String, Hashable, Sendable, CaseIterable {
    case stepFunctions = "states"
    case sqs

    /// The `X-Amz-Target` prefix: `AWSStepFunctions.StartExecution`.
    var targetPrefix: String {
        switch self {
        case .stepFunctions: "AWSStepFunctions"
        case .sqs: "AmazonSQS"
        }
    }

    var signingName: String { rawValue }
    var endpointPrefix: String { rawValue }

    /// The suffix of its `AWS_ENDPOINT_URL_…` variable, as the AWS SDKs name it.
    var environmentSuffix: String {
        switch self {
        case .stepFunctions: "SFN"
        case .sqs: "SQS"
        }
    }
}
