namespace CoProduction.Surveys; internal static class Placeholder {}
