import EnvCore
import PythonWorker

/// A step's code with the reward inputs its worker judged before running
/// it (`CodeAnalysis`): what the coding transforms read.
public struct AnalyzedCode: Sendable, Equatable {
    public var code: String
    public var analysis: CodeAnalysis

    public init(code: String, analysis: CodeAnalysis) {
        self.code = code
        self.analysis = analysis
    }
}

/// OpenEnv's `CodeSafetyTransform`: a penalty when the raw source matches
/// one of its dangerous patterns (comments and strings included), with the
/// first matching pattern, in the list's order, in `safety_violation`.
/// A training signal, not a security boundary: the code still runs.
public struct CodeSafetyTransform: RewardTransform {
    public var penalty = -1.0

    public init() {}

    public func contribution(for action: AnalyzedCode, observation: inout CodeObservation) -> Double {
        guard let pattern = action.analysis.safetyViolation else { return 0.0 }
        observation.metadata["safety_violation"] = .string(pattern)
        return penalty
    }
}

/// OpenEnv's `CodeQualityTransform`: a bonus for code of at most 100 code
/// points after `strip()`, a penalty for code `ast.parse` rejects. Summed
/// in OpenEnv's order, so the floating-point results match it bit for bit
/// (`eval(` → −1.1, `  x = 1` → −0.1).
public struct CodeQualityTransform: RewardTransform {
    public var conciseBonus = 0.1
    public var maxLength = 100
    public var syntaxPenalty = -0.2

    public init() {}

    public func contribution(for action: AnalyzedCode, observation: inout CodeObservation) -> Double {
        var score = 0.0
        if action.analysis.strippedLength <= maxLength { score += conciseBonus }
        if !action.analysis.parses { score += syntaxPenalty }
        return score
    }
}

extension CodeObservation {
    /// OpenEnv's `create_safe_coding_transform()`: safety, then quality.
    static let rewardTransforms: [any RewardTransform<AnalyzedCode, CodeObservation>] = [
        CodeSafetyTransform(), CodeQualityTransform(),
    ]

    /// The step's reward; the transforms annotate `metadata` as they go.
    mutating func applyRewards(for action: AnalyzedCode) -> Double {
        Self.rewardTransforms.reduce(0.0) { $0 + $1.contribution(for: action, observation: &self) }
    }
}
