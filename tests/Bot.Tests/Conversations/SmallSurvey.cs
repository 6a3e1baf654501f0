namespace CoProduction.Bot.Tests.Conversations;

/// <summary>The DESIGN.md core survey, uploaded by the tests through the staff API like staff would.</summary>
internal static class SmallSurvey
{
    public const string Yaml = """
        id: pulse
        title: Support pulse
        keyword: PULSE
        intro: Hello! A few quick questions about your support. Text STOP to stop.
        outro: Thank you. Your answers help us change things.
        questions:
          - id: happy
            type: scale
            text: How happy are you with your support?
            min: 1
            max: 5
            labels: { 1: Very unhappy, 5: Very happy }
          - id: safe
            type: yesno
            text: Do you feel safe at home?
          - id: matters
            type: choice
            text: What matters most to you this year?
            options:
              - { id: friends, text: Friends and family, synonyms: [friends, family] }
              - { id: work, text: Work or volunteering }
          - id: visits
            type: number
            text: How many times did you see your support worker last month?
            min: 0
            max: 60
          - id: when
            type: date
            text: When is a good day for us to call?
            optional: true
          - id: change
            type: text
            text: What one thing should we change?
            optional: true
        """;
}
