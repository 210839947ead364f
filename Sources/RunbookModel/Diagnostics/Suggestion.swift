/// "Did you mean" suggestions by edit distance.
public enum Suggestion {
    /// The candidate closest to `word`, if it is close enough to be a likely typo.
    ///
    /// - Parameters:
    ///   - word: What the user wrote.
    ///   - candidates: The names that would have been valid.
    /// - Returns: The best candidate, or `nil` when none is within a third of the word's length.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let limit = max(1, word.count / 3 + 1)
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            if distance <= limit, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.name
    }

    /// ` (did you mean 'x'?)`, or the empty string when nothing is close.
    ///
    /// - Parameters:
    ///   - word: What the user wrote.
    ///   - candidates: The valid names.
    /// - Returns: A phrase ready to append to a message.
    public static func phrase(for word: String, in candidates: some Sequence<String>) -> String {
        phrase(suggesting: closest(to: word, in: candidates))
    }

    /// ` (did you mean 'x'?)` for a suggestion already found, or the empty string for none.
    ///
    /// - Parameter suggestion: The closest valid name, if any.
    /// - Returns: A phrase ready to append to a message.
    public static func phrase(suggesting suggestion: String?) -> String {
        suggestion.map { "; did you mean '\($0)'?" } ?? ""
    }

    /// Levenshtein distance between two strings, by characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
