using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Prover.Tests;

/// <summary>
/// Malicious provers against the real verifier. Each attack proves a false statement by replacing one step of the
/// real prover (through <see cref="ProverHooks"/>) so that every check but one holds; the verifier must reject it.
/// Each attack is accepted once its check is removed from the protocol: tests/mutation/run-mutations.sh shows that.
/// </summary>
public class PlonkAttackTests(PlonkFixture fx) : IClassFixture<PlonkFixture>
{
    private static Fr F(long v) => Fr.FromInt64(v);

    private static Proof Attack(ProvingKey pk, CircuitBuilder witness, ProverHooks hooks, IReadOnlyList<Fr[]>? inputs = null) =>
        PlonkProver.Prove(pk, witness, inputs, new ProverOptions { CheckWitness = false, Hooks = hooks });

    // ---------------- lookups ----------------

    [Fact]
    public void LookupSumShiftedToEndAtZeroIsRejectedByTheStartCheck()
    {
        // 16 is not in the 4-bit table; the running sum is shifted so that Z(ω^last) = 0, which leaves Z(ω^0) ≠ 0.
        var bad = PlonkTestCircuits.Lookups(true);
        using var pk = Keygen.Create(fx.Srs, fx.Device, PlonkTestCircuits.Lookups(false));
        var hooks = new ShiftRunningSum();
        var proof = Attack(pk, bad, hooks);
        Assert.True(hooks.Shift is { IsZero: false });
        Assert.False(PlonkVerifier.Verify(pk.Vk, proof, bad.PublicInputs));
    }

    [Fact]
    public void LookupSumOfZerosIsRejectedByTheRowConstraint()
    {
        // Z ≡ 0 on the rows meets both the start and the end check; only the row constraint sees the missing input.
        var bad = PlonkTestCircuits.Lookups(true);
        using var pk = Keygen.Create(fx.Srs, fx.Device, PlonkTestCircuits.Lookups(false));
        Assert.False(PlonkVerifier.Verify(pk.Vk, Attack(pk, bad, new ZeroRunningSum()), bad.PublicInputs));
    }

    [Fact]
    public void MultiplicitiesChosenAfterBetaAreRejected()
    {
        // Knowing β, one multiplicity absorbs the missing input's 1/(16 + β): the sum balances for that β only.
        var bad = PlonkTestCircuits.Lookups(true);
        using var pk = Keygen.Create(fx.Srs, fx.Device, PlonkTestCircuits.Lookups(false));
        var hooks = new BalanceMultiplicitiesAfterBeta();
        var proof = Attack(pk, bad, hooks);
        Assert.True(hooks.Rewritten);
        Assert.False(PlonkVerifier.Verify(pk.Vk, proof, bad.PublicInputs));
    }

    [Fact]
    public void RunningSumChosenAfterYIsRejected()
    {
        // Knowing y, Z(ω^0) is chosen so that the start check and row 0's constraint cancel in the y-combination.
        var bad = PlonkTestCircuits.Lookups(true);
        using var pk = Keygen.Create(fx.Srs, fx.Device, PlonkTestCircuits.Lookups(false));
        Assert.Equal(1, pk.Vk.Layout.LookupCount); // the cancellation assumes the lookup's terms come last
        Assert.False(PlonkVerifier.Verify(pk.Vk, Attack(pk, bad, new CancelRowZeroAfterY()), bad.PublicInputs));
    }

    [Fact]
    public void TupleChosenAfterThetaIsRejected()
    {
        // Knowing θ, the prover looks up (x + 1, x² − θ), which compresses to the table row (x, x²).
        var honest = SquaresCircuit(F(3), F(9));
        using var pk = Keygen.Create(fx.Srs, fx.Device, honest);
        Assert.True(PlonkVerifier.Verify(pk.Vk, PlonkProver.Prove(pk, honest), honest.PublicInputs));
        var hooks = new TupleAfterTheta(x: new Column(ColumnKind.Advice, 0), y: new Column(ColumnKind.Advice, 1), row: 0);
        var proof = Attack(pk, honest, hooks);
        Assert.NotEqual(F(4) * F(4), hooks.ForgedY); // a false claim: (4, 9 − θ) is not a square pair
        Assert.False(PlonkVerifier.Verify(pk.Vk, proof, honest.PublicInputs));
    }

    // ---------------- permutation ----------------

    [Fact]
    public void RescaledProductOfABrokenCopyIsRejectedByTheStartCheck()
    {
        var bad = CopyChain(linked: false, corrupt: true);
        using var pk = Keygen.Create(fx.Srs, fx.Device, CopyChain(linked: false, corrupt: false));
        Assert.False(pk.Vk.Layout.LinkedChunks);
        Assert.True(pk.Vk.Layout.PermutationChunks > 1);
        Assert.False(PlonkVerifier.Verify(pk.Vk, Attack(pk, bad, new RescaleProducts(RescaleProducts.Which.First)), bad.PublicInputs));
    }

    [Fact]
    public void RescaledLinkedProductsOfABrokenCopyAreRejectedByTheStartCheck()
    {
        var bad = CopyChain(linked: true, corrupt: true);
        using var pk = Keygen.Create(fx.Srs, fx.Device, CopyChain(linked: true, corrupt: false));
        Assert.True(pk.Vk.Layout.LinkedChunks);
        Assert.False(PlonkVerifier.Verify(pk.Vk, Attack(pk, bad, new RescaleProducts(RescaleProducts.Which.All)), bad.PublicInputs));
    }

    [Fact]
    public void LastLinkedChunkRescaledAloneIsRejectedByTheLink()
    {
        var bad = CopyChain(linked: true, corrupt: true);
        using var pk = Keygen.Create(fx.Srs, fx.Device, CopyChain(linked: true, corrupt: false));
        Assert.False(PlonkVerifier.Verify(pk.Vk, Attack(pk, bad, new RescaleProducts(RescaleProducts.Which.Last)), bad.PublicInputs));
    }

    [Fact]
    public void ProductChosenAfterYIsRejected()
    {
        // Knowing y, Z_0(ω^0) is chosen so that its start check and row 0's constraint cancel in the y-combination.
        var bad = CopyChain(linked: false, corrupt: true);
        using var pk = Keygen.Create(fx.Srs, fx.Device, CopyChain(linked: false, corrupt: false));
        Assert.Equal(2, pk.Vk.Layout.PermutationChunks); // the cancellation assumes two unlinked chunks and no lookup
        Assert.Equal(0, pk.Vk.Layout.LookupCount);
        Assert.False(PlonkVerifier.Verify(pk.Vk, Attack(pk, bad, new CancelProductRowZeroAfterY()), bad.PublicInputs));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ConstantProductsOfABrokenCopyAreRejectedByTheRowConstraint(bool linked)
    {
        // Z ≡ 1 meets the start, end and link checks; only the row constraint sees the broken copy.
        var bad = CopyChain(linked, corrupt: true);
        using var pk = Keygen.Create(fx.Srs, fx.Device, CopyChain(linked, corrupt: false));
        Assert.False(PlonkVerifier.Verify(pk.Vk, Attack(pk, bad, new ConstantProducts()), bad.PublicInputs));
    }

    // ---------------- quotient, evaluations, statement ----------------

    [Fact]
    public void QuotientChosenAfterXIsRejected()
    {
        // Knowing x, the prover commits to constants that open to exactly C(x)/Z_H(x) for a broken gate.
        var bad = PlonkTestCircuits.GatesOnly(true);
        using var pk = Keygen.Create(fx.Srs, fx.Device, PlonkTestCircuits.GatesOnly(false));
        var hooks = new QuotientAfterX(pk.Vk, bad.PublicInputs);
        var proof = Attack(pk, bad, hooks);
        Assert.True(hooks.Rewritten);
        Assert.False(PlonkVerifier.Verify(pk.Vk, proof, bad.PublicInputs));
    }

    [Fact]
    public void EvaluationChosenAfterVIsRejected()
    {
        // Knowing v, one advice evaluation is moved so that the rotation-0 batch opens to the junk quotient's value.
        var bad = PlonkTestCircuits.GatesOnly(true);
        using var pk = Keygen.Create(fx.Srs, fx.Device, PlonkTestCircuits.GatesOnly(false));
        int index = pk.Vk.Layout.AdviceQueries.ToList().IndexOf((new Column(ColumnKind.Advice, 3), 0));
        Assert.True(index >= 0);
        var hooks = new EvaluationAfterV(pk.Vk, bad.PublicInputs, index);
        var proof = Attack(pk, bad, hooks);
        Assert.True(hooks.Shift is { IsZero: false });
        Assert.False(PlonkVerifier.Verify(pk.Vk, proof, bad.PublicInputs));
    }

    [Fact]
    public void OpeningProofsChosenAfterUAreRejected()
    {
        // Knowing u, W_0 and W_1 are chosen so that both sides of the final pairing vanish, whatever the claimed values.
        var bad = PlonkTestCircuits.GatesOnly(true);
        using var pk = Keygen.Create(fx.Srs, fx.Device, PlonkTestCircuits.GatesOnly(false));
        Assert.Equal([0, 1], pk.Vk.Layout.Rotations);
        var proof = Attack(pk, bad, ProverHooks.None);
        var inputs = bad.PublicInputs;
        var (challenges, transcript) = PlonkVerifier.Replay(pk.Vk, proof, inputs);
        Fr u = transcript.SqueezeChallenge(); // u as it would be if it did not depend on the opening proofs
        proof.OpeningProofs[0] = proof.OpeningProofs[1] = G1Affine.Infinity;
        var c = PlonkVerifier.Reduce(pk.Vk, proof, inputs, fx.Device, u)!.Value.Left; // Σ u^r·(F_r − y_r·G)
        // W_0 + u·W_1 = 0 and C + x·W_0 + u·ωx·W_1 = C + (x − ωx)·W_0 = 0.
        var w0 = c.ToJacobian() * -(challenges.X - pk.Vk.Domain.Rotate(challenges.X, 1)).Inverse();
        proof.OpeningProofs[0] = w0.ToAffine();
        proof.OpeningProofs[1] = (w0 * -u.Inverse()).ToAffine();
        Assert.False(PlonkVerifier.Verify(pk.Vk, proof, inputs));
    }

    [Fact]
    public void PublicInputsChosenAfterXAreRejected()
    {
        // Knowing x, the claimed output y changes and input a compensates so the instance polynomial agrees at x.
        var builder = PlonkTestCircuits.Instance(false);
        using var pk = Keygen.Create(fx.Srs, fx.Device, builder);
        var proof = PlonkProver.Prove(pk, builder);
        var inputs = builder.PublicInputs;
        Assert.True(PlonkVerifier.Verify(pk.Vk, proof, inputs));
        var challenges = PlonkVerifier.Replay(pk.Vk, proof, inputs).Challenges;
        var l = pk.Vk.Domain.LagrangeAt(challenges.X, 0, 4);
        var forged = new[] { (Fr[])inputs[0].Clone() };
        forged[0][3] += Fr.One;                       // y = a·b + c + 1: false
        forged[0][0] -= l[3] * l[0].Inverse();         // Σ p_i·L_i(x) unchanged
        Assert.Equal(PlonkVerifier.ExpectedQuotient(pk.Vk, inputs, proof.Evaluations, challenges), PlonkVerifier.ExpectedQuotient(pk.Vk, forged, proof.Evaluations, challenges));
        Assert.False(PlonkVerifier.Verify(pk.Vk, proof, forged));
    }

    [Fact]
    public void ExtraPublicInputBeyondTheKeysCountIsRejected()
    {
        // A prover that skips its own shape check proves one more public input than the key records, in a row no
        // constraint reads: only the verifier's count check stands between it and a statement the circuit never made.
        var builder = PlonkTestCircuits.Instance(false);
        using var pk = Keygen.Create(fx.Srs, fx.Device, builder);
        var inputs = builder.PublicInputs;
        Fr[][] extended = [inputs[0].Append(Fr.FromUInt64(42)).ToArray()];
        var proof = PlonkProver.Prove(pk, builder, extended, new ProverOptions { Hooks = new ProveAnyInputShape() });
        Assert.False(PlonkVerifier.Verify(pk.Vk, proof, extended));
        Assert.False(PlonkVerifier.Verify(pk.Vk, proof, inputs));
    }

    [Fact]
    public void ProofIsBoundToItsExactVerifyingKey()
    {
        // Same polynomials and commitments, a differently named circuit: only the key digest tells them apart.
        static CircuitBuilder Build(string name)
        {
            var cs = new ConstraintSystem();
            var chip = Plonk.Chips.MulAddChip.Configure(cs, name);
            var b = new CircuitBuilder(cs);
            for (int i = 0; i < 5; i++) chip.MulAdd(b, F(i + 2), F(3 * i + 1), F(7 - i));
            return b;
        }
        var builder = Build("mul_add");
        using var pk = Keygen.Create(fx.Srs, fx.Device, builder);
        using var other = Keygen.Create(fx.Srs, fx.Device, Build("renamed"));
        Assert.Equal(pk.Vk.FixedCommitments, other.Vk.FixedCommitments);
        Assert.Equal(pk.Vk.PermutationCommitments, other.Vk.PermutationCommitments);
        Assert.NotEqual(pk.Vk.Digest, other.Vk.Digest);
        var proof = PlonkProver.Prove(pk, builder);
        Assert.True(PlonkVerifier.Verify(pk.Vk, proof, builder.PublicInputs));
        Assert.False(PlonkVerifier.Verify(other.Vk, proof, builder.PublicInputs));
    }

    // ---------------- blinding ----------------

    [Fact]
    public void TwoProofsOfTheSameWitnessDifferInEveryCommitmentAndEvaluation()
    {
        var builder = PlonkTestCircuits.Lookups(false);
        using var pk = Keygen.Create(fx.Srs, fx.Device, builder);
        var a = PlonkProver.Prove(pk, builder);
        var b = PlonkProver.Prove(pk, builder);
        foreach (var group in Enum.GetValues<BlindingGroup>())
        {
            var (ga, gb) = (Group(a, group), Group(b, group));
            Assert.NotEmpty(ga);
            for (int i = 0; i < ga.Length; i++) Assert.NotEqual(ga[i], gb[i]);
        }
        for (int i = 0; i < a.Evaluations.Length; i++) Assert.NotEqual(a.Evaluations[i], b.Evaluations[i]);
        for (int i = 0; i < a.OpeningProofs.Length; i++) Assert.NotEqual(a.OpeningProofs[i], b.OpeningProofs[i]);
    }

    [Theory]
    [InlineData("Advice")]
    [InlineData("LookupMultiplicities")]
    [InlineData("PermutationProducts")]
    [InlineData("LookupSums")]
    [InlineData("Quotient")]
    public void EveryCommittedGroupIsBlindedByItsOwnRandomness(string groupName)
    {
        var fresh = Enum.Parse<BlindingGroup>(groupName);
        // Same witness and same randomness for every other group, so the challenges before this group agree: its
        // commitments can differ only through its own blinding.
        var builder = PlonkTestCircuits.Lookups(false);
        using var pk = Keygen.Create(fx.Srs, fx.Device, builder);
        Proof Prove(BlindingGroup? freshGroup, int seed) => PlonkProver.Prove(pk, builder, options: new ProverOptions { Hooks = new SeededBlinding(freshGroup, seed) });
        Assert.Equal(ProofEncoding.Encode(Prove(null, 1)), ProofEncoding.Encode(Prove(null, 2))); // the control: fully determined
        var (a, b) = (Prove(fresh, 1), Prove(fresh, 2));
        Assert.True(PlonkVerifier.Verify(pk.Vk, a, builder.PublicInputs));
        var (ga, gb) = (Group(a, fresh), Group(b, fresh));
        Assert.NotEmpty(ga);
        for (int i = 0; i < ga.Length; i++) Assert.NotEqual(ga[i], gb[i]);
    }

    private static G1Affine[] Group(Proof p, BlindingGroup g) => g switch
    {
        BlindingGroup.Advice => p.AdviceCommitments,
        BlindingGroup.LookupMultiplicities => p.LookupMultiplicityCommitments,
        BlindingGroup.PermutationProducts => p.PermutationProductCommitments,
        BlindingGroup.LookupSums => p.LookupSumCommitments,
        _ => p.QuotientCommitments,
    };

    // ---------------- circuits ----------------

    /// <summary>
    /// Four equality columns: c1 = 2·c0, c2 copies c1, c3 copies c0 one row down. Degree 3 chains the four chunks
    /// (linked); an extra degree-4 gate that is never enabled makes two unlinked chunks. The bad witness breaks a copy.
    /// </summary>
    private static CircuitBuilder CopyChain(bool linked, bool corrupt)
    {
        var cs = new ConstraintSystem();
        var cols = Enumerable.Range(0, 4).Select(i => cs.AdviceColumn($"c{i}")).ToArray();
        var q = cs.Selector("q");
        foreach (var c in cols) cs.EnableEquality(c);
        cs.CreateGate("double", q * (cols[1].Cur - cols[0].Cur - cols[0].Cur));
        if (!linked) cs.CreateGate("cube", cs.Selector("q_off") * cols[0].Cur * cols[0].Cur * cols[0].Cur);
        var b = new CircuitBuilder(cs);
        var r = b.Region("rows", 6);
        for (int i = 0; i < 6; i++)
        {
            var x = r.Assign(cols[0], i, F(i + 1));
            var d = r.Assign(cols[1], i, x.Value.Double());
            r.Enable(q, i);
            r.Copy(d, cols[2], i);
            r.Copy(x, cols[3], (i + 1) % 6);
        }
        if (corrupt) b.Assign(cols[3], 2, F(100));
        return b;
    }

    /// <summary>Lookup "square": where q = 1, (x, y) is a row of (t, t²) for t in 0..15.</summary>
    private static CircuitBuilder SquaresCircuit(Fr x, Fr y)
    {
        var cs = new ConstraintSystem();
        Column xs = cs.AdviceColumn("x"), ys = cs.AdviceColumn("y");
        var q = cs.Selector("q");
        Column tx = cs.TableColumn("tx"), ty = cs.TableColumn("ty");
        cs.Lookup("square", q, (xs.Cur, tx.Cur), (ys.Cur, ty.Cur));
        var b = new CircuitBuilder(cs);
        var t = Enumerable.Range(0, 16).Select(i => F(i)).ToArray();
        b.LoadTable(tx, t);
        b.LoadTable(ty, t.Select(v => v * v).ToArray());
        var r = b.Region("square", 2);
        r.Assign(xs, 0, x); r.Assign(ys, 0, y); r.Enable(q, 0);
        r.Assign(xs, 1, F(5)); r.Assign(ys, 1, F(25)); r.Enable(q, 1);
        return b;
    }

    // ---------------- adversaries ----------------

    private sealed class ProveAnyInputShape : ProverHooks
    {
        public override bool SkipInputShapeCheck => true;
    }

    private sealed class ShiftRunningSum : ProverHooks
    {
        public Fr? Shift { get; private set; }

        public override void RewriteRunningSum(int lookup, Fr[] sum, LookupRows rows, Fr beta)
        {
            Fr end = sum[rows.UsableRows];
            for (int i = 0; i <= rows.UsableRows; i++) sum[i] -= end;
            Shift = end;
        }
    }

    private sealed class ZeroRunningSum : ProverHooks
    {
        public override void RewriteRunningSum(int lookup, Fr[] sum, LookupRows rows, Fr beta) => Array.Clear(sum, 0, rows.UsableRows + 1);
    }

    private sealed class BalanceMultiplicitiesAfterBeta : ProverHooks
    {
        public bool Rewritten { get; private set; }

        public override bool RewriteMultiplicities(int lookup, Fr[] m, LookupRows rows, Fr beta)
        {
            Fr deficit = Fr.Zero;
            for (int i = 0; i < rows.UsableRows; i++)
                deficit += rows.Selector[i] * (rows.Inputs[i] + beta).Inverse() - m[i] * (rows.Table[i] + beta).Inverse();
            m[0] += deficit * (rows.Table[0] + beta);
            return Rewritten = !deficit.IsZero;
        }
    }

    private sealed class CancelRowZeroAfterY : ProverHooks
    {
        // Z ends at d: shift rows 1..last by −d; at row 0 the fold gives y²·Z(ω^0) + c_0 with c_0 = −(d + w)·a·t.
        public override bool RewriteRunningSumAfterY(int lookup, Fr[] z, LookupRows rows, TranscriptChallenges ch)
        {
            int u = rows.UsableRows;
            Fr d = z[u];
            for (int i = 1; i <= u; i++) z[i] -= d;
            Fr a = rows.Inputs[0] + ch.Beta, t = rows.Table[0] + ch.Beta, y2 = ch.Y * ch.Y;
            z[0] = d * a * t * (y2 - a * t).Inverse();
            return true;
        }
    }

    private sealed class TupleAfterTheta(Column x, Column y, int row) : ProverHooks
    {
        public Fr ForgedY { get; private set; }

        public override bool RewriteAdvice(Fr[][] advice, Fr theta)
        {
            // x·θ + y is unchanged by (x, y) → (x + 1, y − θ).
            advice[x.Index][row] += Fr.One;
            advice[y.Index][row] -= theta;
            ForgedY = advice[y.Index][row];
            return true;
        }
    }

    private sealed class RescaleProducts(RescaleProducts.Which which) : ProverHooks
    {
        public enum Which { First, All, Last }

        public override void RewriteProducts(Fr[][] z, ProofLayout layout)
        {
            int last = layout.LastRow;
            Fr end = Fr.One;
            if (layout.LinkedChunks) end = z[^1][last];
            else foreach (var c in z) end *= c[last];
            Assert.False(end.IsOne); // the copy is really broken
            Fr inv = end.Inverse();
            int[] chunks = which switch { Which.First => [0], Which.Last => [z.Length - 1], _ => Enumerable.Range(0, z.Length).ToArray() };
            foreach (int c in chunks) for (int i = 0; i <= last; i++) z[c][i] *= inv;
        }
    }

    private sealed class CancelProductRowZeroAfterY : ProverHooks
    {
        // Fold after the gates: start_0, start_1, end, row_0, row_1, so row 0 sees y⁴·(1 − w) + y·(Z_0'(ω)·L − w·R)
        // with R = Π(v_j + β·δ^j + γ); rows 1.. of Z_0 are divided by the end product P, so Z_0'(ω)·L = R/P.
        public override bool RewriteProductsAfterY(Fr[][] z, ProofLayout layout, Func<Column, Fr[]> rowValues, TranscriptChallenges ch)
        {
            Fr p = z[0][layout.LastRow] * z[1][layout.LastRow];
            Assert.False(p.IsOne);
            Fr pInv = p.Inverse(), r = Fr.One;
            int j = 0;
            foreach (var column in layout.ChunkColumns(0)) r *= rowValues(column)[0] + ch.Beta * PermutationArgument.Delta.Pow((ulong)j++) + ch.Gamma;
            for (int i = 1; i <= layout.LastRow; i++) z[0][i] *= pInv;
            Fr y3 = ch.Y * ch.Y * ch.Y;
            z[0][0] = (y3 + r * pInv) * (y3 + r).Inverse();
            return true;
        }
    }

    private sealed class ConstantProducts : ProverHooks
    {
        public override void RewriteProducts(Fr[][] z, ProofLayout layout)
        {
            foreach (var c in z) c.AsSpan(0, layout.LastRow + 1).Fill(Fr.One);
        }
    }

    private sealed class QuotientAfterX(VerifyingKey vk, Fr[][] inputs) : ProverHooks
    {
        public bool Rewritten { get; private set; }

        public override bool RewriteQuotient(Fr[][] pieces, Fr[] evaluations, TranscriptChallenges ch)
        {
            Fr target = PlonkVerifier.ExpectedQuotient(vk, inputs, evaluations, ch)!.Value;
            Fr xStep = ch.X.Pow((ulong)(vk.Layout.N - 1)), xPiece = xStep, rest = Fr.Zero;
            foreach (var p in pieces) Array.Clear(p);
            for (int i = 1; i < pieces.Length; i++) { pieces[i][0] = F(i + 7); rest += xPiece * pieces[i][0]; xPiece *= xStep; }
            pieces[0][0] = target - rest;
            return Rewritten = true;
        }
    }

    private sealed class EvaluationAfterV(VerifyingKey vk, Fr[][] inputs, int index) : ProverHooks
    {
        public Fr? Shift { get; private set; }

        public override bool RewriteEvaluations(Fr[] evaluations, IReadOnlyList<int> rotations, Fr quotientAtX, TranscriptChallenges ch)
        {
            // Rotation-0 batch: Σ v^k·e_k + v^K·C(e)/Z_H(x) (the quotient is last); keep it equal to the true value.
            Assert.Equal(0, rotations[index]);
            int k = rotations.Take(index).Count(r => r == 0), last = rotations.Count(r => r == 0);
            Fr G(Fr delta)
            {
                var e = (Fr[])evaluations.Clone();
                e[index] += delta;
                return ch.V.Pow((ulong)k) * delta + ch.V.Pow((ulong)last) * (PlonkVerifier.ExpectedQuotient(vk, inputs, e, ch)!.Value - quotientAtX);
            }
            Fr g0 = G(Fr.Zero), g1 = G(Fr.One);
            Fr delta = -g0 * (g1 - g0).Inverse();
            Assert.True(G(delta).IsZero); // affine in this evaluation
            evaluations[index] += delta;
            Shift = delta;
            return true;
        }
    }

    /// <summary>Deterministic blinding: one seeded stream for every group but <c>fresh</c>, which draws from its own seed.</summary>
    private sealed class SeededBlinding(BlindingGroup? fresh, int seed) : ProverHooks
    {
        private readonly Random _shared = new(7), _fresh = new(seed);

        public override Fr Blind(BlindingGroup group, Func<Fr> source) => Fr.Random(group == fresh ? _fresh : _shared);
    }
}
