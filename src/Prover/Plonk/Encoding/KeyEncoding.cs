using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Polynomials;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// Versioned binary formats for keys. Verifying key: "ZKVK", version 2, then k, columns (with names and roles, the
/// role lists strictly increasing), advice phases and challenges, equality columns, gates and lookups (inputs, tables,
/// selector) as expression trees, the public-input count of each instance column, the fixed and permutation
/// commitments and the KZG verifier key (points and the development-SRS flag). Only this canonical form decodes, so
/// one key has exactly one byte string.
/// Proving key: "ZKPK", version 2, the verifying key, then the fixed and σ values; the polynomials are rebuilt on load
/// and their commitments must match the verifying key's (checked together, see CheckCommitments). Decoding is strict and throws <see cref="InvalidEncodingException"/>.
/// </summary>
public static class KeyEncoding
{
    private static ReadOnlySpan<byte> VkMagic => "ZKVK"u8;
    private static ReadOnlySpan<byte> PkMagic => "ZKPK"u8;
    private const byte Version = 2;
    private const int MaxRotation = 1 << 16; // the constraint system's own bound
    private const int MaxExpressionDepth = 200;
    private const int MaxColumns = 4096;

    private enum Tag : byte { Constant = 0, Query = 1, Sum = 2, Product = 3, Negated = 4, Scaled = 5, Challenge = 6 }

    public static byte[] EncodeVerifyingKey(VerifyingKey vk)
    {
        var w = new ByteWriter();
        w.Bytes(VkMagic);
        w.U8(Version);
        w.Bytes(EncodeVerifyingKeyBody(vk));
        return w.ToArray();
    }

    /// <summary>The constraint system's canonical bytes: column names and roles, phases, challenges, equality, gates, lookups.</summary>
    internal static void WriteConstraintSystem(ByteWriter w, ConstraintSystem cs)
    {
        foreach (var names in new[] { cs.AdviceNames, cs.FixedNames, cs.InstanceNames })
        {
            w.U16(names.Count);
            foreach (var name in names) w.String(name);
        }
        foreach (var roles in new[] { cs.SelectorColumns.ToArray(), cs.TableColumns.ToArray() })
        {
            w.U16(roles.Length);
            foreach (var index in roles) w.U16(index);
        }
        foreach (var phase in cs.AdvicePhases) w.U8((byte)phase);
        w.U16(cs.ChallengeCount);
        foreach (var c in cs.Challenges) { w.String(cs.ChallengeName(c)); w.U8((byte)c.Phase); }
        w.U16(cs.EqualityColumns.Count);
        foreach (var c in cs.EqualityColumns) { w.U8((byte)c.Kind); w.U16(c.Index); }
        w.U16(cs.Gates.Count);
        foreach (var gate in cs.Gates)
        {
            w.String(gate.Name);
            w.U16(gate.Constraints.Count);
            foreach (var c in gate.Constraints) { w.String(c.Name); WriteExpression(w, c.Polynomial); }
        }
        w.U16(cs.Lookups.Count);
        foreach (var lookup in cs.Lookups)
        {
            w.String(lookup.Name);
            w.U16(lookup.Inputs.Count);
            for (int i = 0; i < lookup.Inputs.Count; i++) { WriteExpression(w, lookup.Inputs[i]); WriteExpression(w, lookup.Tables[i]); }
            WriteExpression(w, lookup.Selector);
        }
    }

    /// <summary>The canonical body that the digest hashes.</summary>
    internal static byte[] EncodeVerifyingKeyBody(VerifyingKey vk)
    {
        var cs = vk.ConstraintSystem;
        var w = new ByteWriter();
        w.U8((byte)vk.K);
        WriteConstraintSystem(w, cs);
        foreach (int length in vk.InstanceLengths) w.I32(length);
        foreach (var p in vk.FixedCommitments) w.Point(p);
        foreach (var p in vk.PermutationCommitments) w.Point(p);
        var kzg = new byte[KzgVerifierKey.EncodedSize];
        vk.Kzg.WriteTo(kzg);
        w.Bytes(kzg);
        return w.ToArray();
    }

    public static VerifyingKey DecodeVerifyingKey(ReadOnlySpan<byte> bytes)
    {
        var r = new ByteReader(bytes, "verifying key");
        r.Magic(VkMagic, Version);
        var vk = ReadVerifyingKeyBody(ref r);
        r.End();
        return vk;
    }

    private static VerifyingKey ReadVerifyingKeyBody(ref ByteReader r)
    {
        int k = r.U8();
        if (k is < 1 or > 26) throw new InvalidEncodingException($"Verifying key: k = {k} is out of range.");
        var cs = new ConstraintSystem();
        try
        {
            var counts = new int[3];
            for (int kind = 0; kind < 3; kind++)
            {
                counts[kind] = r.U16();
                if (counts[kind] > MaxColumns) throw new InvalidEncodingException($"Verifying key: {counts[kind]} columns is too many.");
                for (int i = 0; i < counts[kind]; i++)
                {
                    string name = r.String();
                    _ = kind switch { 0 => cs.AdviceColumn(name), 1 => cs.FixedColumn(name), _ => cs.InstanceColumn(name) };
                }
            }
            var roles = new List<int>[2];
            for (int role = 0; role < 2; role++)
            {
                int count = r.U16();
                roles[role] = new List<int>();
                for (int i = 0; i < count; i++)
                {
                    int index = r.U16();
                    if (index >= counts[1]) throw new InvalidEncodingException("Verifying key: bad selector or table column index.");
                    if (i > 0 && index <= roles[role][^1]) throw new InvalidEncodingException("Verifying key: selector and table column lists must be strictly increasing.");
                    roles[role].Add(index);
                }
            }
            cs.RestoreColumnRoles(roles[0], roles[1]);
            var phases = new int[counts[0]];
            for (int i = 0; i < phases.Length; i++) phases[i] = r.U8();
            cs.RestoreAdvicePhases(phases);
            int challengeCount = r.U16();
            for (int i = 0; i < challengeCount; i++) { string name = r.String(); cs.Challenge(name, r.U8()); }
            var challenges = cs.Challenges;
            int equality = r.U16();
            for (int i = 0; i < equality; i++)
            {
                var column = ReadColumn(ref r, counts);
                if (cs.HasEquality(column)) throw new InvalidEncodingException("Verifying key: an equality column is listed twice.");
                cs.EnableEquality(column);
            }
            int gates = r.U16();
            for (int g = 0; g < gates; g++)
            {
                string name = r.String();
                int constraintCount = r.U16();
                var constraints = new Constraint[constraintCount];
                for (int c = 0; c < constraintCount; c++) constraints[c] = new Constraint(r.String(), ReadExpression(ref r, counts, challenges, 0));
                cs.CreateGate(name, constraints);
            }
            int lookups = r.U16();
            for (int l = 0; l < lookups; l++)
            {
                string name = r.String();
                int pairs = r.U16();
                var map = new (Expression, Expression)[pairs];
                for (int i = 0; i < pairs; i++) map[i] = (ReadExpression(ref r, counts, challenges, 0), ReadExpression(ref r, counts, challenges, 0));
                cs.Lookup(name, ReadExpression(ref r, counts, challenges, 0), map);
            }
            var instanceLengths = new int[cs.InstanceCount];
            for (int i = 0; i < instanceLengths.Length; i++) instanceLengths[i] = r.I32();
            var fixedCommitments = new G1Affine[cs.FixedCount];
            for (int i = 0; i < fixedCommitments.Length; i++) fixedCommitments[i] = r.Point();
            var permutationCommitments = new G1Affine[cs.EqualityColumns.Count];
            for (int i = 0; i < permutationCommitments.Length; i++) permutationCommitments[i] = r.Point();
            var kzg = KzgVerifierKey.FromBytes(r.Take(KzgVerifierKey.EncodedSize));
            return new VerifyingKey(cs, k, instanceLengths, fixedCommitments, permutationCommitments, kzg);
        }
        catch (ArgumentException e)
        {
            throw new InvalidEncodingException($"Verifying key describes an invalid circuit: {e.Message}", e);
        }
    }

    private static Column ReadColumn(ref ByteReader r, int[] counts)
    {
        int kind = r.U8();
        int index = r.U16();
        if (kind > 2 || index >= counts[kind]) throw new InvalidEncodingException($"Verifying key: column ({kind}, {index}) does not exist.");
        return new Column((ColumnKind)kind, index);
    }

    private static void WriteExpression(ByteWriter w, Expression e)
    {
        switch (e)
        {
            case ConstantExpression c: w.U8((byte)Tag.Constant); w.Scalar(c.Value); break;
            case QueryExpression q: w.U8((byte)Tag.Query); w.U8((byte)q.Column.Kind); w.U16(q.Column.Index); w.I32(q.Rotation); break;
            case SumExpression s: w.U8((byte)Tag.Sum); WriteExpression(w, s.Left); WriteExpression(w, s.Right); break;
            case ProductExpression p: w.U8((byte)Tag.Product); WriteExpression(w, p.Left); WriteExpression(w, p.Right); break;
            case NegatedExpression n: w.U8((byte)Tag.Negated); WriteExpression(w, n.Inner); break;
            case ScaledExpression s: w.U8((byte)Tag.Scaled); w.Scalar(s.Factor); WriteExpression(w, s.Inner); break;
            case ChallengeExpression c: w.U8((byte)Tag.Challenge); w.U16(c.Challenge.Index); break;
            default: throw new InvalidOperationException("Unknown expression node.");
        }
    }

    private static Expression ReadExpression(ref ByteReader r, int[] counts, IReadOnlyList<Challenge> challenges, int depth)
    {
        if (depth > MaxExpressionDepth) throw new InvalidEncodingException("Verifying key: an expression is nested too deeply.");
        var tag = (Tag)r.U8();
        switch (tag)
        {
            case Tag.Constant: return new ConstantExpression(r.Scalar());
            case Tag.Query:
            {
                var c = ReadColumn(ref r, counts);
                int rotation = r.I32();
                if (rotation < -MaxRotation || rotation > MaxRotation) throw new InvalidEncodingException($"Verifying key: rotation {rotation} is out of range.");
                return new QueryExpression(c, rotation);
            }
            case Tag.Sum: { var a = ReadExpression(ref r, counts, challenges, depth + 1); return new SumExpression(a, ReadExpression(ref r, counts, challenges, depth + 1)); }
            case Tag.Product: { var a = ReadExpression(ref r, counts, challenges, depth + 1); return new ProductExpression(a, ReadExpression(ref r, counts, challenges, depth + 1)); }
            case Tag.Negated: return new NegatedExpression(ReadExpression(ref r, counts, challenges, depth + 1));
            case Tag.Scaled: { var f = r.Scalar(); return new ScaledExpression(ReadExpression(ref r, counts, challenges, depth + 1), f); }
            case Tag.Challenge:
                {
                    int index = r.U16();
                    if (index >= challenges.Count) throw new InvalidEncodingException($"Verifying key: challenge {index} does not exist.");
                    return new ChallengeExpression(challenges[index]);
                }
            default: throw new InvalidEncodingException($"Verifying key: unknown expression tag {(byte)tag}.");
        }
    }

    // ---------------- proving key ----------------

    public static byte[] EncodeProvingKey(ProvingKey pk)
    {
        var w = new ByteWriter();
        w.Bytes(PkMagic);
        w.U8(Version);
        var vk = EncodeVerifyingKey(pk.Vk);
        w.I32(vk.Length);
        w.Bytes(vk);
        foreach (var column in pk.FixedValues) foreach (var v in column) w.Scalar(v);
        foreach (var column in pk.SigmaValues) foreach (var v in column) w.Scalar(v);
        return w.ToArray();
    }

    /// <summary>
    /// Checks every column against its commitment with one commitment: Σ ρ^i·column_i against Σ ρ^i·C_i for a random ρ
    /// the key's author cannot know, so a column that differs from its commitment passes with probability at most
    /// columns/r. Only on a mismatch is each column committed, to name it.
    /// </summary>
    private static void CheckCommitments(KzgCommitter committer, int n, Fr[][] columns, IReadOnlyList<G1Affine> commitments, string kind)
    {
        if (columns.Length == 0) return;
        Fr rho = Fr.RandomSecure(), power = Fr.One;
        var combined = new Fr[n];
        var expected = G1Jacobian.Infinity;
        for (int i = 0; i < columns.Length; i++)
        {
            PolynomialOps.AddScaled(combined, columns[i], power);
            expected += commitments[i] * power;
            power *= rho;
        }
        if (committer.Commit(combined) == expected.ToAffine()) return;
        for (int i = 0; i < columns.Length; i++)
            if (committer.Commit(columns[i]) != commitments[i])
                throw new InvalidEncodingException($"Proving key: {kind} column {i} does not match its commitment (wrong SRS or corrupted key).");
        throw new InvalidEncodingException($"Proving key: its {kind} columns do not match their commitments (wrong SRS or corrupted key).");
    }

    /// <summary>Reads a proving key and rebuilds its polynomials on the device; the SRS must be the one keygen used.</summary>
    public static ProvingKey DecodeProvingKey(ReadOnlySpan<byte> bytes, Srs srs, IComputeDevice device)
    {
        var r = new ByteReader(bytes, "proving key");
        r.Magic(PkMagic, Version);
        int vkLength = r.I32();
        var vk = DecodeVerifyingKey(r.Take(vkLength));
        int n = vk.Layout.N;
        // The key's k sets the column length: check the bytes are there before allocating (k = 26 would be 2 GB a column).
        long columnBytes = (long)(vk.Layout.FixedCount + vk.Layout.PermutationColumns.Count) * n * 32;
        if (r.Remaining != columnBytes) throw new InvalidEncodingException($"Proving key: its columns need {columnBytes} bytes, {r.Remaining} remain.");
        if (srs.Digest != vk.Kzg.Digest) throw new ArgumentException($"The proving key was made with SRS {vk.Kzg.Digest.Hex}, not with the given SRS {srs.Digest.Hex}.", nameof(srs));
        Fr[][] ReadColumns(ref ByteReader reader, int count)
        {
            var result = new Fr[count][];
            for (int c = 0; c < count; c++)
            {
                result[c] = new Fr[n];
                for (int i = 0; i < n; i++) result[c][i] = reader.Scalar();
            }
            return result;
        }
        var fixedValues = ReadColumns(ref r, vk.Layout.FixedCount);
        var sigmaValues = ReadColumns(ref r, vk.Layout.PermutationColumns.Count);
        r.End();
        if (srs.Size < n) throw new ArgumentException($"The SRS has {srs.Size} powers; {n} are needed.");
        var committer = new KzgCommitter(srs.Truncate(n), device);
        try
        {
            var domain = vk.Domain;
            var fixedCoefficients = fixedValues.Select(v => ProvingKey.ToCoefficients(domain, device, v)).ToArray();
            var sigmaCoefficients = sigmaValues.Select(v => ProvingKey.ToCoefficients(domain, device, v)).ToArray();
            CheckCommitments(committer, n, fixedCoefficients, vk.FixedCommitments, "fixed");
            CheckCommitments(committer, n, sigmaCoefficients, vk.PermutationCommitments, "permutation");
            return new ProvingKey(vk, committer, fixedValues, fixedCoefficients, sigmaValues, sigmaCoefficients, device);
        }
        catch
        {
            committer.Dispose();
            throw;
        }
    }
}
