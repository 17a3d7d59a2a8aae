using SkiaSharp;
using Sweep.Training.Tracing;

namespace Sweep.Coordinator.Pictures;

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
        using var bitmap = new SKBitmap(columns * tileW + Gap, rows * tileH + Gap, SKColorType.Rgba8888, SKAlphaType.Opaque);
        bitmap.Erase(SKColors.White);
        var plane = snapshot.Height * snapshot.Width;
        for (var image = 0; image < snapshot.Count; image++)
        {
            var (left, top) = (Gap + image % columns * tileW, Gap + image / columns * tileH);
            var offset = image * snapshot.Channels * plane;
            for (var y = 0; y < snapshot.Height; y++)
                for (var x = 0; x < snapshot.Width; x++)
                {
                    var pixel = offset + y * snapshot.Width + x;
                    var color = snapshot.Channels == 1
                        ? new SKColor(snapshot.Pixels[pixel], snapshot.Pixels[pixel], snapshot.Pixels[pixel])
                        : new SKColor(snapshot.Pixels[pixel], snapshot.Pixels[pixel + plane], snapshot.Pixels[pixel + 2 * plane]);
                    for (var dy = 0; dy < Scale; dy++)
                        for (var dx = 0; dx < Scale; dx++)
                            bitmap.SetPixel(left + x * Scale + dx, top + y * Scale + dy, color);
                }
        }

        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }
}
