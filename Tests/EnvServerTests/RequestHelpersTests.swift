import Hummingbird
import Testing

@testable import EnvServer

/// The hand-written replacements for Foundation calls on every request.
struct RequestHelpersTests {
    @Test(arguments: [
        ("abc", "abc"), ("  abc\t", "abc"), ("\u{00A0}a b\u{2003}", "a b"), ("ü-id", "ü-id"),
        ("", nil), (" \t ", nil), ("\u{3000}", nil),
    ] as [(String, String?)])
    func aSessionHeaderLosesItsBlanksAsFoundationTrimsThem(_ value: String, _ expected: String?) {
        #expect(Request.trimmingBlanks(value) == expected)
    }

    @Test(arguments: [
        (Duration.zero, "0.00"), (.nanoseconds(4_999), "0.00"), (.nanoseconds(5_000), "0.01"),
        (.microseconds(1_230), "1.23"), (.milliseconds(12), "12.00"), (.microseconds(99_995), "100.00"),
        (.seconds(3) + .microseconds(40), "3000.04"),
    ])
    func aDurationIsLoggedInMillisecondsWithTwoDecimals(_ elapsed: Duration, _ text: String) {
        #expect(RequestLogLine.milliseconds(elapsed) == text)
    }
}
