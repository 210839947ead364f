import Actions
import Providers

/// A failed attempt, reduced to what the audit trail and the retry policy need.
struct StepFailure: Error, Sendable {
    var code: String
    var message: String
    var isRetryable: Bool

    init(code: String, message: String, isRetryable: Bool) {
        self.code = code
        self.message = message
        self.isRetryable = isRetryable
    }

    /// Classifies any error an action can throw.
    init(_ error: any Error) {
        switch error {
        case let error as StepFailure: self = error
        case let error as AWSError: self.init(code: error.code.rawValue, message: error.message, isRetryable: error.isRetryable)
        case let error as ActionError: self.init(code: error.code, message: error.message, isRetryable: error.isRetryable)
        case let error as StepTimeout: self.init(code: "Timeout", message: "the attempt ran longer than its timeout of \(error.limit)", isRetryable: true)
        case is CancellationError: self.init(code: "Cancelled", message: "the attempt was cancelled", isRetryable: false)
        default: self.init(code: "InternalError", message: String(describing: error), isRetryable: false)
        }
    }
}
