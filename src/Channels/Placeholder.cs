namespace CoProduction.Channels; internal static class Placeholder {}
