using ScottPlot;

namespace Sweep.Reporting.Pictures;

/// <summary>One look for every picture: LO17 Figure 1's colours, and the sizes the report lays out.</summary>
internal static class PictureStyle
{
    public static readonly Color Real = Color.FromHex("#1f77b4");
    public static readonly Color Fake = Color.FromHex("#ff7f0e");
    public static readonly Color ModeCentre = Color.FromHex("#2ca02c");
    public static readonly Color Discriminator = Color.FromHex("#7f7f7f");

    /// <summary>Side of a snapshot panel, in pixels.</summary>
    public const int PanelSize = 340;

    public const int CurveWidth = 420;
    public const int CurveHeight = 300;

    public const int ChartHeight = 360;

    /// <summary>One bar's share of a chart's width, so charts grow with their groups.</summary>
    public const int PixelsPerGroup = 70;

    public static byte[] Png(Plot plot, int width, int height) => plot.GetImageBytes(width, height, ImageFormat.Png);
}
