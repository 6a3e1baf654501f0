namespace CoProduction.Scheduling; internal static class Placeholder {}
