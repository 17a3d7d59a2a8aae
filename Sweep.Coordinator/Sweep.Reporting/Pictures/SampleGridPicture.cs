using System.Runtime.InteropServices;
using SkiaSharp;
using Sweep.Training.Tracing;

namespace Sweep.Reporting.Pictures;

/// <summary>
/// Generated images as a square grid, each drawn at twice its size without smoothing. The samples
/// are the picture, so they are copied rather than plotted; SkiaSharp (under ScottPlot) encodes it.
/// </summary>
internal static class SampleGridPicture
{
    private const int Scale = 2;
    private const int Gap = 2;

    public static byte[] Render(SampleGridSnapshot snapshot)
    {
        var columns = (int)Math.Ceiling(Math.Sqrt(snapshot.Count));
        var rows = (snapshot.Count + columns - 1) / columns;
        var (tileW, tileH) = (snapshot.Width * Scale + Gap, snapshot.Height * Scale + Gap);
        var (width, height) = (columns * tileW + Gap, rows * tileH + Gap);
        // RGBA bytes filled here and handed to Skia once: a call per pixel costs seconds per report.
        var rgba = new byte[width * height * 4];
        Array.Fill(rgba, (byte)255);
        var plane = snapshot.Height * snapshot.Width;
        for (var image = 0; image < snapshot.Count; image++)
        {
            var (left, top) = (Gap + image % columns * tileW, Gap + image / columns * tileH);
            var offset = image * snapshot.Channels * plane;
            for (var y = 0; y < snapshot.Height * Scale; y++)
                for (var x = 0; x < snapshot.Width * Scale; x++)
                {
                    var pixel = offset + y / Scale * snapshot.Width + x / Scale;
                    var target = ((top + y) * width + left + x) * 4;
                    for (var channel = 0; channel < 3; channel++)
                        rgba[target + channel] = snapshot.Pixels[pixel + (snapshot.Channels == 1 ? 0 : channel * plane)];
                }
        }

        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }
}
