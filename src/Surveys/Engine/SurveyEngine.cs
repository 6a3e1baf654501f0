using System.Globalization;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Understanding;

namespace CoProduction.Surveys.Engine;

/// <summary>
/// The survey engine: (state, input) -> (state, replies, events). Pure: no I/O; the clock
/// comes from <see cref="TimeProvider"/>. One turn is one thing a person sent.
/// </summary>
/// <remarks>
/// Order of precedence in a turn, and why:
/// 1. STOP family: always wins, even mid-question, so nobody is ever held in a survey.
/// 2. Opted out: only START (and HELP) get a reply; nothing else is sent.
/// 3. HELP, language words: work anywhere without losing the place.
/// 4. A survey keyword: starts (or restarts) that survey.
/// 5. An open session: the reply is an answer (or REPEAT / SKIP).
/// 6. Otherwise: a friendly pointer to the keyword.
/// </remarks>
public sealed class SurveyEngine(TimeProvider time, EngineOptions options)
{
    public TimeProvider Time => time;
    public EngineOptions Options => options;

    public TurnResult Handle(ConversationState state, Inbound input, ISurveyCatalog catalog)
    {
        var turn = new Turn(this, state, catalog, input.Channel, time.GetUtcNow());
        turn.Run(input);
        return turn.Result();
    }

    /// <summary>
    /// Begins a conversation the person did not start with a text: a phone call, or a chat window
    /// opening. Offers to carry on an unfinished survey, asks the language once when asked to,
    /// starts a named survey, or offers the menu of published surveys.
    /// </summary>
    public TurnResult Greet(ConversationState state, Channel channel, ISurveyCatalog catalog, Greeting greeting)
    {
        var turn = new Turn(this, state, catalog, channel, time.GetUtcNow());
        turn.Greet(greeting);
        return turn.Result();
    }

    /// <summary>Below this speech confidence a spoken free-text answer is read back before it is kept.</summary>
    public const double ReadBackBelowConfidence = 0.6;

    /// <summary>Starts a survey without an inbound message (an invitation sent by staff or a check-in).</summary>
    public TurnResult Start(ConversationState state, PublishedSurvey survey, Channel channel, Guid? invitationId = null)
    {
        var turn = new Turn(this, state, catalog: null, channel, time.GetUtcNow());
        turn.StartSurvey(survey, languageFromKeyword: null, invitationId);
        return turn.Result();
    }

    /// <summary>
    /// The words a person can send to switch language mid-conversation. Kept here rather than in
    /// the survey file so they work before any survey has started.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string> LanguageWords =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["CYMRAEG"] = "cy",
            ["WELSH"] = "cy",
            ["ENGLISH"] = "en",
            ["SAESNEG"] = "en",
        };

    /// <summary>The mutable working copy of one turn; never escapes the engine.</summary>
    private sealed class Turn(SurveyEngine engine, ConversationState state, ISurveyCatalog? catalog, Channel channel, DateTimeOffset now)
    {
        private ConversationState _state = state;
        private readonly List<Prompt> _replies = [];
        private readonly List<SurveyEvent> _events = [];

        public TurnResult Result() => new(_state, _replies, _events);

        private Phrases Phrases => Phrases.For(_state.Session?.Language ?? _state.Language);
        private string Language => Phrases.Language;

        public void Run(Inbound input)
        {
            var trimmed = (input.Text ?? "").Trim();
            var match = input.NoInput ? CommandMatch.None
                : KeyCommand(trimmed) is { } key ? new CommandMatch(key, null)
                : CommandReader.Read(trimmed);
            var command = match.Command;

            if (command == Command.Stop)
            {
                Stop(match.Keyword ?? StopKeyword);
                return;
            }

            if (_state.OptedOut)
            {
                // Nothing is sent to someone who opted out, except the way back in and help.
                if (command == Command.Start && CanOptBackInHere)
                {
                    _state = _state with { OptedOut = false };
                    _events.Add(new OptedIn(match.Keyword ?? StartKeyword));
                    if (channel == Channel.Sms)
                    {
                        Say(Phrases.Restarted(Keyword()));
                    }
                    else
                    {
                        Say(Phrases.WelcomeBackSpoken);
                        OfferSurveys();
                    }
                }
                else if (channel != Channel.Sms)
                {
                    // A caller or chat visitor reached us themselves: say how to come back, by text.
                    Say(Phrases.OptedOutElsewhere);
                }
                else if (command == Command.Help)
                {
                    Say(Phrases.AlreadyOptedOut);
                }
                return;
            }

            ExpireIfStale();

            if (_state.Menu is { } menu && !input.NoInput && command == Command.None && catalog?.FindByKeyword(NormalizeKeyword(trimmed)) is null)
            {
                ChooseFromMenu(menu, trimmed);
                return;
            }

            if (EngineLanguageWord(trimmed) is { } language)
            {
                ChangeLanguage(language);
                return;
            }

            if (command == Command.Help)
            {
                Say(Phrases.Help(Keyword()));
                if (OpenSession() is { } s && s.Status == SessionStatus.Active) AskCurrent(s);
                return;
            }

            var keywordSurvey = catalog?.FindByKeyword(NormalizeKeyword(trimmed));
            if (keywordSurvey is not null)
            {
                keywordSurvey.Definition.MatchesKeyword(NormalizeKeyword(trimmed), out var keywordLanguage);
                if (OpenSession() is { } open)
                {
                    // Texting the keyword again means "start again": the old attempt is set aside
                    // (and left out of results) so nobody is counted twice.
                    EndSession(open, SessionStatus.Abandoned);
                }
                StartSurvey(keywordSurvey, keywordLanguage, invitationId: null);
                return;
            }

            if (command == Command.Start)
            {
                Say(Phrases.Restarted(Keyword()));
                return;
            }

            if (OpenSession() is { } session)
            {
                if (input.NoInput)
                {
                    Silence(session);
                    return;
                }
                Continue(session, trimmed, command, input.SpeechConfidence);
                return;
            }

            if (input.NoInput)
            {
                if (_state.Menu is { } pending) OfferMenu(pending);
                return;
            }

            if (channel != Channel.Sms && catalog is not null)
            {
                // On a call or in a chat there is no keyword to text: offer the menu instead.
                OfferSurveys();
                return;
            }

            Say(catalog?.SuggestedKeyword is { } keyword ? Phrases.Unknown(keyword) : Phrases.NothingToStart);
        }

        public void StartSurvey(PublishedSurvey published, string? languageFromKeyword, Guid? invitationId)
        {
            _started = published;
            _state = _state with { Menu = null };
            var survey = published.Definition;
            var language = survey.LanguageFor(languageFromKeyword ?? _state.Language);
            if (languageFromKeyword is not null && !string.Equals(languageFromKeyword, _state.Language, StringComparison.OrdinalIgnoreCase))
            {
                // Texting the Welsh keyword is the simplest way for someone on a basic phone to
                // say "Welsh please"; remember it for next time.
                _state = _state with { Language = language };
                _events.Add(new LanguageChanged(language));
            }

            if (OpenSession() is { } open)
            {
                EndSession(open, SessionStatus.Abandoned);
            }

            var session = new SessionState
            {
                Id = Guid.NewGuid(),
                SurveyId = survey.Id,
                Version = published.Version,
                Language = language,
                Channel = channel,
                // On a call, a slower pace also means the plainest words.
                EasyRead = _state.EasyRead || (_state.SlowPace && channel == Channel.Voice),
                StartedAt = now,
                LastActivityAt = now,
                InvitationId = invitationId,
                Pilot = published.Pilot,
            };
            _events.Add(new SessionStarted(session.Id, survey.Id, published.Version, language, invitationId) { Pilot = published.Pilot });
            _replies.Add(Prompt.Message(survey.Intro.Get(language), language));
            AdvanceFrom(session, survey, startIndex: 0);
        }

        private void Stop(string keyword)
        {
            if (OpenSession() is { } open)
            {
                EndSession(open, SessionStatus.Stopped);
            }
            var alreadyOut = _state.OptedOut;
            _state = _state with { OptedOut = true };
            _events.Add(new OptedOut(keyword));
            // One confirmation is allowed (carriers expect it); a second STOP gets silence.
            _state = _state with { Menu = null };
            if (!alreadyOut) Say(channel == Channel.Sms ? Phrases.Stopped : Phrases.StoppedSpoken);
        }

        private void ExpireIfStale()
        {
            if (_state.Session is { IsOpen: true } s && now - s.LastActivityAt > engine.Options.SessionLifetime)
            {
                EndSession(s, SessionStatus.Expired);
            }
        }

        private void ChangeLanguage(string language)
        {
            _state = _state with { Language = language };
            _events.Add(new LanguageChanged(language));
            if (OpenSession() is { } s && Survey(s) is { } survey)
            {
                var newLanguage = survey.LanguageFor(language);
                s = s with { Language = newLanguage, LastActivityAt = now };
                _state = _state with { Session = s };
                if (s.Status == SessionStatus.Active) AskCurrent(s);
                else OfferCarryOn(s, survey);
                return;
            }
            Say(Phrases.Unknown(Keyword()));
        }

        private void Continue(SessionState session, string reply, Command command, double? confidence = null)
        {
            var survey = Survey(session);
            if (survey is null)
            {
                // The version it began on is gone (should not happen: versions are frozen).
                EndSession(session, SessionStatus.Abandoned);
                Say(Phrases.Unknown(Keyword()));
                return;
            }

            if (session.Status == SessionStatus.AwaitingCarryOn)
            {
                var answer = YesNo(reply);
                if (answer == "yes")
                {
                    session = session with { Status = SessionStatus.Active, LastActivityAt = now };
                    _state = _state with { Session = session };
                    AskCurrent(session);
                }
                else if (answer == "no")
                {
                    EndSession(session, SessionStatus.Abandoned);
                    StartSurvey(new PublishedSurvey(survey, session.Version), null, session.InvitationId);
                }
                else
                {
                    OfferCarryOn(session, survey);
                }
                return;
            }

            var question = survey.Questions[session.QuestionIndex];

            if (session.HeardText is { } heard)
            {
                ConfirmHeard(session, survey, question, heard, reply);
                return;
            }

            var afterBreak = now - session.LastActivityAt > engine.Options.CarryOnOfferAfter;

            if (session.Pilot && IsConfusingFlag(reply))
            {
                // Piloting a draft: "confusing" marks the question for the board's review.
                _events.Add(new QuestionFlagged(session.Id, session.SurveyId, session.Version, question.Id));
                session = session with { LastActivityAt = now };
                _state = _state with { Session = session };
                Say(Phrases.FlagNoted);
                AskCurrent(session);
                return;
            }

            switch (command)
            {
                case Command.Repeat:
                    session = session with { LastActivityAt = now };
                    _state = _state with { Session = session };
                    AskCurrent(session);
                    return;
                case Command.Skip when question.Optional:
                    Record(session, question, reply, null, AnswerStatus.Skipped);
                    Say(Phrases.MovingOn);
                    AdvanceFrom(session with { LastActivityAt = now }, survey, session.QuestionIndex + 1, recordedValue: (question.Id, null));
                    return;
                case Command.Skip:
                    Hint(Phrases.SkipNotAllowed);
                    session = session with { LastActivityAt = now };
                    _state = _state with { Session = session };
                    AskCurrent(session);
                    return;
            }

            if (channel == Channel.Voice && question.Type == QuestionType.Date && reply.Length is 3 or 4 && reply.All(char.IsAsciiDigit))
            {
                // Day and month on the keypad: 1403 is 14/03, 703 is 7/03.
                reply = $"{reply[..^2]}/{reply[^2..]}";
            }

            var result = AnswerReader.Read(question, reply, session.Language, DateOnly.FromDateTime(now.UtcDateTime));
            switch (result)
            {
                case AnswerResult.Understood understood when question.Type == QuestionType.Text && confidence < ReadBackBelowConfidence:
                    // Speech recognition was unsure: read it back rather than keep words the person never said.
                    session = session with { HeardText = understood.Value, HeardReply = reply, HeardIfNot = null, LastActivityAt = now };
                    _state = _state with { Session = session };
                    AskYesNo(Phrases.HeardThis(understood.Value), question.Id);
                    return;

                case AnswerResult.Confirm confirm:
                    // One likely reading that could have meant another: asked, never guessed.
                    session = session with { HeardText = confirm.Value, HeardReply = reply, HeardIfNot = confirm.IfNot, LastActivityAt = now };
                    _state = _state with { Session = session };
                    AskYesNo(confirm.Question, question.Id);
                    return;

                case AnswerResult.Understood understood:
                    Record(session, question, reply, understood.Value, AnswerStatus.Answered);
                    AdvanceFrom(session with { LastActivityAt = now }, survey, session.QuestionIndex + 1, recordedValue: (question.Id, understood.Value));
                    return;

                case AnswerResult.Unclear when afterBreak:
                    // After a long silence a reply that is not an answer is most likely "hello
                    // again", not a wrong answer: ask whether to carry on rather than scold.
                    OfferCarryOn(session, survey);
                    return;

                case AnswerResult.Unclear unclear when session.Unclear < engine.Options.MaxReasks:
                    session = session with { Unclear = session.Unclear + 1, LastActivityAt = now };
                    _state = _state with { Session = session };
                    Hint(unclear.Hint);
                    AskCurrent(session);
                    return;

                default:
                    Record(session, question, reply, null, AnswerStatus.Unclear);
                    Say(Phrases.StillUnclear);
                    AdvanceFrom(session with { LastActivityAt = now }, survey, session.QuestionIndex + 1, recordedValue: (question.Id, null));
                    return;
            }
        }

        private void OfferCarryOn(SessionState session, SurveyDefinition survey)
        {
            session = session with { Status = SessionStatus.AwaitingCarryOn, LastActivityAt = now };
            _state = _state with { Session = session };
            AskYesNo(channel == Channel.Sms ? Phrases.CarryOnOffer(survey.TitleIn(Language)) : Phrases.CarryOnQuestion(survey.TitleIn(Language)), null);
        }

        private void AskYesNo(string text, string? questionId) =>
            _replies.Add(new Prompt(PromptKind.Question, text, Language)
            {
                QuestionId = questionId,
                Input = new InputSpec(QuestionType.YesNo)
                {
                    Choices = [new PromptChoice("yes", Phrases.Yes), new PromptChoice("no", Phrases.No)],
                },
            });

        private void ConfirmHeard(SessionState session, SurveyDefinition survey, Question question, string heard, string reply)
        {
            var raw = session.HeardReply ?? heard;
            var ifNot = session.HeardIfNot;
            session = session with { HeardText = null, HeardReply = null, HeardIfNot = null, LastActivityAt = now };
            _state = _state with { Session = session };
            switch (YesNo(reply))
            {
                case "yes":
                    Record(session, question, raw, heard, AnswerStatus.Answered);
                    AdvanceFrom(session, survey, session.QuestionIndex + 1, recordedValue: (question.Id, heard));
                    return;
                case "no" when ifNot is null:
                    Say(Phrases.SayItAgain);
                    AskCurrent(session);
                    return;
                case "no" when session.Unclear < engine.Options.MaxReasks:
                    // The reading was wrong: ask again, saying how to write it so it cannot be misread.
                    session = session with { Unclear = session.Unclear + 1 };
                    _state = _state with { Session = session };
                    Hint(ifNot);
                    AskCurrent(session);
                    return;
                case "no":
                    Record(session, question, raw, null, AnswerStatus.Unclear);
                    Say(Phrases.StillUnclear);
                    AdvanceFrom(session, survey, session.QuestionIndex + 1, recordedValue: (question.Id, null));
                    return;
                default:
                    // Not a yes or no: take it as the answer said again.
                    Continue(session, reply, Command.None);
                    return;
            }
        }

        /// <summary>Silence on a call: ask once more, then move on and record that there was no answer.</summary>
        private void Silence(SessionState session)
        {
            var survey = Survey(session);
            if (survey is null) return;
            if (session.Status == SessionStatus.AwaitingCarryOn)
            {
                OfferCarryOn(session, survey);
                return;
            }
            var question = survey.Questions[session.QuestionIndex];
            if (session.Silences < 1)
            {
                session = session with { Silences = session.Silences + 1, HeardText = null, HeardReply = null, HeardIfNot = null, LastActivityAt = now };
                _state = _state with { Session = session };
                Hint(Phrases.DidNotHear);
                AskCurrent(session);
                return;
            }
            Record(session, question, "", null, AnswerStatus.Unclear);
            Say(Phrases.MovingOn);
            AdvanceFrom(session with { LastActivityAt = now }, survey, session.QuestionIndex + 1, recordedValue: (question.Id, null));
        }

        public void Greet(Greeting greeting)
        {
            if (_state.OptedOut)
            {
                // Following an invitation link or picking up a call never opts anyone back in.
                Say(channel == Channel.Sms ? Phrases.AlreadyOptedOut : Phrases.OptedOutElsewhere);
                return;
            }
            ExpireIfStale();
            if (greeting.Language is { } chosen && !string.Equals(chosen, _state.Language, StringComparison.OrdinalIgnoreCase))
            {
                _state = _state with { Language = chosen.ToLowerInvariant() };
                _events.Add(new LanguageChanged(chosen.ToLowerInvariant()));
                // A survey under way carries on in the newly chosen language.
                if (OpenSession() is { } open && Survey(open) is { } openSurvey)
                {
                    _state = _state with { Session = open with { Language = openSurvey.LanguageFor(chosen) } };
                }
            }

            if (greeting.Invitation is { } invited && catalog?.Find(invited.SurveyId, invited.Version) is { } invitedSurvey)
            {
                if (OpenSession() is { } open && open.InvitationId == invited.InvitationId && Survey(open) is { } openSurvey)
                {
                    OfferCarryOn(open, openSurvey);
                    return;
                }
                StartSurvey(invitedSurvey, null, invited.InvitationId);
                return;
            }

            if (greeting.SurveyId is { } surveyId && catalog?.Published.FirstOrDefault(p => p.Definition.Id == surveyId) is { } named)
            {
                if (OpenSession() is { } open && open.SurveyId == surveyId && Survey(open) is { } openSurvey)
                {
                    OfferCarryOn(open, openSurvey);
                    return;
                }
                StartSurvey(named, null, invitationId: null);
                return;
            }

            if (greeting.AskLanguage && _state.Language is null && OfferedLanguages().Count > 1)
            {
                OfferMenu(new MenuState(MenuKind.Language, OfferedLanguages()));
                return;
            }
            GreetInLanguage();
        }

        private void GreetInLanguage()
        {
            if (OpenSession() is { } open && Survey(open) is { } survey)
            {
                OfferCarryOn(open, survey);
                return;
            }
            OfferSurveys();
        }

        private IReadOnlyList<string> OfferedLanguages()
        {
            var languages = (catalog?.Published ?? []).SelectMany(p => p.Definition.Languages).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            // The bilingual question is only ever English and Welsh, in that order.
            return new[] { "en", "cy" }.Where(l => languages.Contains(l, StringComparer.OrdinalIgnoreCase)).ToList();
        }

        private void OfferSurveys()
        {
            var published = catalog?.Published ?? [];
            if (published.Count == 0)
            {
                Say(Phrases.NothingToStart);
                return;
            }
            OfferMenu(new MenuState(MenuKind.Survey, published.Select(p => p.Definition.Id).ToList()));
        }

        private void OfferMenu(MenuState menu)
        {
            _state = _state with { Menu = menu };
            if (menu.Kind == MenuKind.Language)
            {
                _replies.Add(new Prompt(PromptKind.Question, Phrases.ChooseLanguage, "en")
                {
                    Input = new InputSpec(QuestionType.Choice)
                    {
                        Choices = menu.Options.Select((l, i) => new PromptChoice((i + 1).ToString(CultureInfo.InvariantCulture), l == "cy" ? Phrases.WelshName : Phrases.EnglishName)).ToList(),
                        ReadChoicesAloud = false,
                    },
                });
                return;
            }

            var surveys = menu.Options.Select(id => catalog?.Published.FirstOrDefault(p => p.Definition.Id == id)).OfType<PublishedSurvey>().ToList();
            if (surveys.Count == 1)
            {
                AskYesNo(Phrases.StartSurveyQuestion(Title(surveys[0].Definition)), null);
                return;
            }
            _replies.Add(new Prompt(PromptKind.Question, Phrases.ChooseSurvey, Language)
            {
                Input = new InputSpec(QuestionType.Choice)
                {
                    Choices = surveys.Select((p, i) => new PromptChoice((i + 1).ToString(CultureInfo.InvariantCulture), Title(p.Definition))).ToList(),
                },
            });
        }

        private string Title(SurveyDefinition survey) => survey.TitleIn(Language);

        private void ChooseFromMenu(MenuState menu, string reply)
        {
            string? chosen = null;
            if (menu.Kind == MenuKind.Survey && menu.Options.Count == 1)
            {
                switch (YesNo(reply))
                {
                    case "yes": chosen = menu.Options[0]; break;
                    case "no":
                        _state = _state with { Menu = null };
                        Say(Phrases.NotNow);
                        return;
                }
            }
            else
            {
                var labels = menu.Options.Select(o => menu.Kind == MenuKind.Language
                    ? (o == "cy" ? new[] { "Cymraeg", "Welsh", "Cymru" } : ["English", "Saesneg"])
                    : [catalog?.Published.FirstOrDefault(p => p.Definition.Id == o)?.Definition is { } d ? d.TitleIn(Language) : o, .. (catalog?.Published.FirstOrDefault(p => p.Definition.Id == o)?.Definition.Titles?.ByLanguage.Values ?? [])]).ToList();
                var probe = new Question
                {
                    Id = "menu",
                    Type = QuestionType.Choice,
                    Wording = Wording.Plain(""),
                    Options = menu.Options.Select((o, i) => new ChoiceOption(o, LocalizedText.Of(labels[i][0]), labels[i])).ToList(),
                };
                if (AnswerReader.Read(probe, reply, Language, DateOnly.FromDateTime(now.UtcDateTime)) is AnswerResult.Understood u) chosen = u.Value;
            }

            if (chosen is null)
            {
                OfferMenu(menu);
                return;
            }

            _state = _state with { Menu = null };
            if (menu.Kind == MenuKind.Language)
            {
                _state = _state with { Language = chosen };
                _events.Add(new LanguageChanged(chosen));
                GreetInLanguage();
                return;
            }
            if (catalog?.Published.FirstOrDefault(p => p.Definition.Id == chosen) is { } survey)
            {
                StartSurvey(survey, null, invitationId: null);
            }
        }

        /// <summary>Keypad conventions on a call: * hears the question again, 0 skips an optional one.</summary>
        private Command? KeyCommand(string text)
        {
            if (channel != Channel.Voice) return null;
            if (text == "*") return Command.Repeat;
            if (text == "0" && OpenSession() is { } s && Survey(s) is { } survey && s.QuestionIndex < survey.Questions.Count)
            {
                var q = survey.Questions[s.QuestionIndex];
                // 0 is a real answer to "how many visits": it only skips where it could not be one.
                var zeroIsAnswer = q.Type is QuestionType.Number or QuestionType.Scale && (q.Min ?? 0) <= 0;
                if (!zeroIsAnswer) return Command.Skip;
            }
            return null;
        }

        /// <summary>Moves to the first question at or after <paramref name="startIndex"/> whose skip condition holds, or finishes.</summary>
        private void AdvanceFrom(SessionState session, SurveyDefinition survey, int startIndex, (string Id, string? Value)? recordedValue = null)
        {
            var values = new Dictionary<string, string?>(session.Values);
            if (recordedValue is { } rv) values[rv.Id] = rv.Value;

            var index = startIndex;
            while (index < survey.Questions.Count && survey.Questions[index].AskWhen is { } condition
                   && !condition.IsMetBy(values.GetValueOrDefault(condition.QuestionId)))
            {
                index++;
            }

            session = session with { Values = values, QuestionIndex = index, Unclear = 0, Silences = 0, HeardText = null, HeardReply = null, HeardIfNot = null };
            if (index >= survey.Questions.Count)
            {
                session = session with { Status = SessionStatus.Completed };
                _state = _state with { Session = session };
                _events.Add(new SessionCompleted(session.Id));
                _replies.Add(Prompt.Message(survey.Outro.Get(session.Language), session.Language));
                return;
            }

            _state = _state with { Session = session };
            AskCurrent(session);
        }

        private void AskCurrent(SessionState session)
        {
            var survey = Survey(session);
            if (survey is null) return;
            _replies.Add(QuestionPrompts.For(survey.Questions[session.QuestionIndex], session.Language, channel, session.EasyRead));
        }

        private void Record(SessionState session, Question question, string raw, string? value, AnswerStatus status) =>
            _events.Add(new AnswerRecorded(session.Id, session.SurveyId, session.Version, question.Id, raw, value, status));

        private void EndSession(SessionState session, SessionStatus reason)
        {
            _events.Add(new SessionEnded(session.Id, reason));
            _state = _state with { Session = session with { Status = reason } };
        }

        private SessionState? OpenSession() => _state.Session is { IsOpen: true } s ? s : null;

        /// <summary>The survey a session runs on: from the catalog, or the one this turn started (outbound starts have no catalog).</summary>
        private SurveyDefinition? Survey(SessionState session) =>
            catalog?.Find(session.SurveyId, session.Version)?.Definition
            ?? (_started is { } p && p.Definition.Id == session.SurveyId && p.Version == session.Version ? p.Definition : null);

        private PublishedSurvey? _started;

        private const string StopKeyword = "STOP";
        private const string StartKeyword = "START";

        /// <summary>
        /// Only a text can lift an opt-out: a STOP is the phone owner's, and caller ID can be
        /// spoofed, so a call never can; nor can a chat opened from an invitation link (anyone
        /// holding the link could open it). A chat visitor we hold no phone for can, because the
        /// chat is the only way we ever reach them.
        /// </summary>
        private bool CanOptBackInHere => channel == Channel.Sms || (channel == Channel.Web && !_state.PhoneOnRecord);

        private void Say(string text) => _replies.Add(Prompt.Message(text, Language));
        private void Hint(string text) => _replies.Add(Prompt.Hint(text, Language));

        private string Keyword() =>
            catalog?.SuggestedKeyword ?? (_state.Session is { } s ? s.SurveyId.ToUpperInvariant() : "HELLO");

        private string? EngineLanguageWord(string text) =>
            LanguageWords.TryGetValue(NormalizeKeyword(text), out var language) ? language : null;

        private static bool IsConfusingFlag(string reply) =>
            NormalizeKeyword(reply).ToUpperInvariant() is "CONFUSING" or "FLAG" or "THIS IS CONFUSING" or "THIS WAS CONFUSING" or "DRYSLYD";

        private static string NormalizeKeyword(string text) => text.Trim().Trim('.', '!', '?', '"', '\'').Trim();

        private string? YesNo(string reply)
        {
            var probe = new Question { Id = "carry-on", Type = QuestionType.YesNo, Wording = Wording.Plain("") };
            return AnswerReader.Read(probe, reply, Language, DateOnly.FromDateTime(now.UtcDateTime)) is AnswerResult.Understood u ? u.Value : null;
        }
    }
}
