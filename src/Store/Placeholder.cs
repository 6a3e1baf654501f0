namespace CoProduction.Store; internal static class Placeholder {}
