namespace ZkmlGpu.Field;

/// <summary>Width-w non-adjacent form of a scalar, for windowed scalar multiplication.</summary>
internal static class Wnaf
{
    /// <summary>Digits needed for any 256-bit scalar: one more than the bit length, plus a window of slack.</summary>
    public const int MaxDigits = 258 + 8;

    /// <summary>
    /// Writes digits d_i with k = Σ d_i·2^i, each d_i zero or odd with |d_i| &lt; 2^(w−1), and any w consecutive
    /// digits holding at most one non-zero. Returns the number of digits written (0 for k = 0). 2 ≤ w ≤ 8.
    /// </summary>
    public static int Encode(in U256 k, int w, Span<sbyte> digits)
    {
        int bitLength = k.BitLength;
        int half = 1 << (w - 1), full = 1 << w;
        int carry = 0, length = 0, i = 0;
        while (i < bitLength || carry != 0)
        {
            int bit = (int)k.GetBits(i, 1) + carry;
            if (bit != 1)
            {
                // bit + carry is 0 or 2: digit 0, and a 2 carries on.
                carry = bit >> 1;
                digits[i++] = 0;
                continue;
            }
            int window = (int)k.GetBits(i, w) + carry; // odd, below 2^w
            int digit;
            if (window >= half) { digit = window - full; carry = 1; }
            else { digit = window; carry = 0; }
            digits[i] = (sbyte)digit;
            for (int j = 1; j < w; j++) digits[i + j] = 0;
            i += w;
        }
        // The last window may have written zeros past the final non-zero digit.
        length = i;
        while (length > 0 && digits[length - 1] == 0) length--;
        return length;
    }
}
