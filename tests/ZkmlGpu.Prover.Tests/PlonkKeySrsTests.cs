using System.Buffers.Binary;
using ZkmlGpu.Field;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Prover.Plonk.Chips;

namespace ZkmlGpu.Prover.Tests;

/// <summary>The verifying key's SRS record (digest, development flag) and its canonical encoding.</summary>
public class PlonkKeySrsTests(PlonkFixture fx) : IClassFixture<PlonkFixture>
{
    private static readonly Lazy<Srs> PtauSrs = new(() => Srs.ReadPtau(PtauReaderTests.PtauPath, 256));

    [Fact]
    public void KeyRecordsTheSrsAndTheDevelopmentFlagRoundTrips()
    {
        var builder = PlonkTestCircuits.GatesOnly(false);
        using var devPk = Keygen.Create(fx.Srs, fx.Device, builder);
        using var realPk = Keygen.Create(PtauSrs.Value, fx.Device, builder);
        Assert.True(devPk.Vk.Kzg.IsInsecureDevelopment);
        Assert.False(realPk.Vk.Kzg.IsInsecureDevelopment);
        Assert.Equal(fx.Srs.Digest, devPk.Vk.Kzg.Digest);
        Assert.Equal(PtauSrs.Value.Digest, realPk.Vk.Kzg.Digest);
        foreach (var pk in new[] { devPk, realPk })
        {
            var decoded = KeyEncoding.DecodeVerifyingKey(KeyEncoding.EncodeVerifyingKey(pk.Vk));
            Assert.Equal(pk.Vk.Kzg.IsInsecureDevelopment, decoded.Kzg.IsInsecureDevelopment);
            Assert.Equal(pk.Vk.Kzg.Digest, decoded.Kzg.Digest);
        }
        // The flag is the key's last byte and part of its digest: clearing it yields another key, not the same one.
        var bytes = KeyEncoding.EncodeVerifyingKey(devPk.Vk);
        Assert.Equal(1, bytes[^1]);
        bytes[^1] = 0;
        var cleared = KeyEncoding.DecodeVerifyingKey(bytes);
        Assert.False(cleared.Kzg.IsInsecureDevelopment);
        Assert.NotEqual(devPk.Vk.Digest, cleared.Digest);
    }

    [Fact]
    public void VerifierRequiringOneSrsRejectsKeysMadeWithAnother()
    {
        var builder = PlonkTestCircuits.GatesOnly(false);
        using var devPk = Keygen.Create(fx.Srs, fx.Device, builder);
        using var realPk = Keygen.Create(PtauSrs.Value, fx.Device, builder);
        var devProof = PlonkProver.Prove(devPk, builder);
        var realProof = PlonkProver.Prove(realPk, builder);
        var required = PtauSrs.Value.Digest;
        Assert.True(PlonkVerifier.Verify(realPk.Vk, realProof, builder.PublicInputs, required));
        var e = Assert.Throws<ArgumentException>(() => PlonkVerifier.Verify(devPk.Vk, devProof, builder.PublicInputs, required));
        Assert.Contains(required.Hex, e.Message);
        Assert.True(PlonkVerifier.Verify(devPk.Vk, devProof, builder.PublicInputs, fx.Srs.Digest));
    }

    [Fact]
    public void OnlyTheCanonicalEncodingDecodes()
    {
        // Two mul-add chips: two selector columns, written in increasing order.
        var cs = new ConstraintSystem();
        var first = MulAddChip.Configure(cs, "first");
        var second = MulAddChip.Configure(cs, "second");
        var builder = new CircuitBuilder(cs);
        first.MulAdd(builder, Fr.FromUInt64(2), Fr.FromUInt64(3), Fr.FromUInt64(4));
        second.MulAdd(builder, Fr.FromUInt64(5), Fr.FromUInt64(6), Fr.FromUInt64(7));
        using var pk = Keygen.Create(fx.Srs, fx.Device, builder);
        var bytes = KeyEncoding.EncodeVerifyingKey(pk.Vk);
        Assert.Equal(bytes, KeyEncoding.EncodeVerifyingKey(KeyEncoding.DecodeVerifyingKey(bytes)));

        int selectors = SelectorListOffset(bytes);
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(selectors)));
        var swapped = bytes.ToArray();
        bytes.AsSpan(selectors + 2, 2).CopyTo(swapped.AsSpan(selectors + 4));
        bytes.AsSpan(selectors + 4, 2).CopyTo(swapped.AsSpan(selectors + 2));
        Assert.Contains("increasing", Assert.Throws<InvalidEncodingException>(() => KeyEncoding.DecodeVerifyingKey(swapped)).Message);
    }

    [Fact]
    public void ExtremeRotationsAreAnEncodingErrorNotAnOverflow()
    {
        var builder = PlonkTestCircuits.Rotations(false);
        using var pk = Keygen.Create(fx.Srs, fx.Device, builder);
        var bytes = KeyEncoding.EncodeVerifyingKey(pk.Vk);
        // Query nodes: tag 1, column kind (0..2), 16-bit index, 32-bit rotation; rewrite every rotation of ±1.
        int rewritten = 0;
        foreach (int bad in new[] { int.MinValue, int.MaxValue, (1 << 16) + 1 })
        {
            var copy = bytes.ToArray();
            for (int i = 0; i + 8 <= copy.Length; i++)
            {
                int rotation = BinaryPrimitives.ReadInt32LittleEndian(copy.AsSpan(i + 4));
                if (copy[i] == 1 && copy[i + 1] <= 2 && copy[i + 3] == 0 && (rotation == 1 || rotation == -1))
                {
                    BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(i + 4), bad);
                    rewritten++;
                }
            }
            Assert.Throws<InvalidEncodingException>(() => KeyEncoding.DecodeVerifyingKey(copy));
        }
        Assert.True(rewritten > 0);
    }

    [Fact]
    public void MutatedKeysFailOnlyWithTheEncodingException()
    {
        var builder = PlonkTestCircuits.Lookups(false);
        using var pk = Keygen.Create(fx.Srs, fx.Device, builder);
        var bytes = KeyEncoding.EncodeVerifyingKey(pk.Vk);
        var rng = new Random(77);
        int rejected = 0;
        for (int trial = 0; trial < 400; trial++)
        {
            var copy = bytes.ToArray();
            int at = rng.Next(copy.Length);
            copy[at] = trial % 2 == 0 ? (byte)(copy[at] ^ (1 << rng.Next(8))) : (byte)rng.Next(256);
            try
            {
                var decoded = KeyEncoding.DecodeVerifyingKey(copy);
                // Whatever decodes is canonical: it re-encodes to the same bytes.
                Assert.Equal(copy, KeyEncoding.EncodeVerifyingKey(decoded));
            }
            catch (InvalidEncodingException) { rejected++; }
        }
        Assert.True(rejected > 200, $"only {rejected} of 400 mutations were rejected");
    }

    [Fact]
    public void ProvingKeyChecksItsLengthBeforeAllocatingAndItsSrs()
    {
        var builder = PlonkTestCircuits.GatesOnly(false);
        using var pk = Keygen.Create(fx.Srs, fx.Device, builder);
        var bytes = KeyEncoding.EncodeProvingKey(pk);
        int vkLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(5));
        // Raise the embedded key's k to 26 (its byte follows "ZKVK" and the version): 2^26-row columns are claimed.
        var hostile = bytes.AsSpan(0, 9 + vkLength).ToArray();
        hostile[9 + 5] = 26;
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<InvalidEncodingException>(() => KeyEncoding.DecodeProvingKey(hostile, fx.Srs, fx.Device));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 << 20);
        // A proving key loaded with another SRS is refused by name, not by a commitment mismatch.
        var e = Assert.Throws<ArgumentException>(() => KeyEncoding.DecodeProvingKey(bytes, PtauSrs.Value, fx.Device));
        Assert.Contains(fx.Srs.Digest.Hex, e.Message);
    }

    /// <summary>Offset of the selector list: after magic, version, k and the three name lists.</summary>
    private static int SelectorListOffset(byte[] bytes)
    {
        int o = 4 + 1 + 1;
        for (int kind = 0; kind < 3; kind++)
        {
            int count = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(o));
            o += 2;
            for (int i = 0; i < count; i++) o += 2 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(o));
        }
        return o;
    }
}
