// The scale-out run and the fault tests each start a mail server and the service; run side by side on a
// small machine they would mostly measure each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
