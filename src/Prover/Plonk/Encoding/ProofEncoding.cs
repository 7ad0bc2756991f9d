using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// Proof bytes: "ZKPF", version 1, then the commitments (advice, lookup multiplicities, permutation products, lookup
/// sums, quotient pieces; 64-byte points), the evaluations (32-byte canonical big-endian scalars) and the opening
/// proofs, all in the verifying key's layout, so the length is fixed by the key. Decoding is strict.
/// </summary>
public static class ProofEncoding
{
    private static ReadOnlySpan<byte> Magic => "ZKPF"u8;
    private const byte Version = 1;

    public static byte[] Encode(Proof proof)
    {
        var w = new ByteWriter();
        w.Bytes(Magic);
        w.U8(Version);
        foreach (var group in new[] { proof.AdviceCommitments, proof.LookupMultiplicityCommitments, proof.PermutationProductCommitments, proof.LookupSumCommitments, proof.QuotientCommitments })
            foreach (var p in group) w.Point(p);
        foreach (var e in proof.Evaluations) w.Scalar(e);
        foreach (var p in proof.OpeningProofs) w.Point(p);
        return w.ToArray();
    }

    /// <summary>The exact encoded size of a proof for this key.</summary>
    public static int EncodedSize(VerifyingKey vk) =>
        Magic.Length + 1 + G1Affine.CompressedSize * (vk.Layout.CommitmentCount + vk.Layout.Rotations.Count) + 32 * vk.Layout.EvaluationCount;

    public static Proof Decode(ReadOnlySpan<byte> bytes, VerifyingKey vk)
    {
        int expected = EncodedSize(vk);
        if (bytes.Length != expected) throw new InvalidEncodingException($"A proof for this verifying key is {expected} bytes, got {bytes.Length}.");
        var r = new ByteReader(bytes, "proof");
        r.Magic(Magic, Version);
        var layout = vk.Layout;
        G1Affine[] Points(ref ByteReader reader, int count)
        {
            var result = new G1Affine[count];
            for (int i = 0; i < count; i++) result[i] = reader.Point();
            return result;
        }
        var advice = Points(ref r, layout.AdviceCount);
        var multiplicities = Points(ref r, layout.LookupCount);
        var products = Points(ref r, layout.PermutationChunks);
        var sums = Points(ref r, layout.LookupCount);
        var quotient = Points(ref r, layout.QuotientPieces);
        var evaluations = new Fr[layout.EvaluationCount];
        for (int i = 0; i < evaluations.Length; i++) evaluations[i] = r.Scalar();
        var openings = Points(ref r, layout.Rotations.Count);
        r.End();
        return new Proof
        {
            AdviceCommitments = advice,
            LookupMultiplicityCommitments = multiplicities,
            PermutationProductCommitments = products,
            LookupSumCommitments = sums,
            QuotientCommitments = quotient,
            Evaluations = evaluations,
            OpeningProofs = openings,
        };
    }
}
