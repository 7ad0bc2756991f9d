using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>The committed polynomial groups whose blinding values <see cref="ProverHooks.Blind"/> draws.</summary>
internal enum BlindingGroup { Advice, LookupMultiplicities, PermutationProducts, LookupSums, Quotient }

/// <summary>
/// Points where a test can replace a step of the real prover, so that malicious provers (shifted running sums,
/// rescaled grand products, values chosen after a challenge) exercise the real verifier. Every method is a no-op by
/// default; a hook that changes values returns true and the prover recommits them. Used only through
/// <see cref="ProverOptions.Hooks"/>, which is internal.
/// </summary>
internal class ProverHooks
{
    public static readonly ProverHooks None = new();

    /// <summary>Prove inputs of any shape, skipping the prover's own check against the key (the verifier must catch them).</summary>
    public virtual bool SkipInputShapeCheck => false;

    /// <summary>One blinding value for a group.</summary>
    public virtual Fr Blind(BlindingGroup group, Func<Fr> source) => source();

    /// <summary>After θ: may rewrite advice values (all n rows).</summary>
    public virtual bool RewriteAdvice(Fr[][] advice, Fr theta) => false;

    /// <summary>After β and γ: may rewrite a lookup's multiplicities.</summary>
    public virtual bool RewriteMultiplicities(int lookup, Fr[] multiplicities, LookupRows rows, Fr beta) => false;

    /// <summary>Before commitment: may rewrite the permutation products.</summary>
    public virtual void RewriteProducts(Fr[][] products, ProofLayout layout) { }

    /// <summary>Before commitment: may rewrite a lookup's running sum.</summary>
    public virtual void RewriteRunningSum(int lookup, Fr[] sum, LookupRows rows, Fr beta) { }

    /// <summary>After y: may rewrite the permutation products (rowValues gives any column's values on the rows).</summary>
    public virtual bool RewriteProductsAfterY(Fr[][] products, ProofLayout layout, Func<Column, Fr[]> rowValues, TranscriptChallenges challenges) => false;

    /// <summary>After y: may rewrite a lookup's running sum.</summary>
    public virtual bool RewriteRunningSumAfterY(int lookup, Fr[] sum, LookupRows rows, TranscriptChallenges challenges) => false;

    /// <summary>After x and the evaluations: may rewrite the quotient pieces (coefficients).</summary>
    public virtual bool RewriteQuotient(Fr[][] pieces, Fr[] evaluations, TranscriptChallenges challenges) => false;

    /// <summary>After v: may rewrite the evaluations (rotations[i] is evaluation i's opening rotation).</summary>
    public virtual bool RewriteEvaluations(Fr[] evaluations, IReadOnlyList<int> rotations, Fr quotientAtX, TranscriptChallenges challenges) => false;
}
