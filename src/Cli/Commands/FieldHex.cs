using ZkmlGpu.Field;

namespace ZkmlGpu.Cli.Commands;

/// <summary>A field element in JSON: "0x" and 64 lower-case hex digits, big-endian, canonical.</summary>
internal static class FieldHex
{
    public static string Of(Fr value)
    {
        Span<byte> bytes = stackalloc byte[32];
        value.WriteBytesBigEndian(bytes);
        return "0x" + Convert.ToHexStringLower(bytes);
    }

    /// <summary>Parses <see cref="Of"/>'s form; null for anything else (a non-canonical value included).</summary>
    public static Fr? Parse(string? text)
    {
        if (text is null || text.Length != 66 || !text.StartsWith("0x", StringComparison.Ordinal)) return null;
        byte[] bytes;
        try { bytes = Convert.FromHexString(text.AsSpan(2)); }
        catch (FormatException) { return null; }
        try
        {
            var v = Fr.FromBytesBigEndian(bytes);
            return Of(v) == text.ToLowerInvariant() ? v : null;
        }
        catch (InvalidEncodingException) { return null; }
    }
}
