// Each test class starts whole services in this one test process, and Hangfire keeps its job
// storage and job activator in process-wide statics (JobStorage.Current, GlobalConfiguration):
// a host starting or stopping in a parallel class could hand another host's request a disposed
// storage (seen as a rare 500 from POST /api/rounds). A real node is one host per process, so the
// classes here run one after another rather than the tests working around the statics.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
