extension Runbook {
    /// The parameters as the audit store keeps them: values of `secret` parameters replaced by
    /// ``RunHeader/redacted``.
    ///
    /// - Parameter parameters: Bound parameters, in full.
    /// - Returns: The same, safe to store.
    public func redacting(_ parameters: [String: Value]) -> [String: Value] {
        var stored = parameters
        for parameter in self.parameters where parameter.secret && stored[parameter.name] != nil {
            stored[parameter.name] = RunHeader.redacted
        }
        return stored
    }
}
