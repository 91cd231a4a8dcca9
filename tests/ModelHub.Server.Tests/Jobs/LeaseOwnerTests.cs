using ModelHub.Server.Jobs;

namespace ModelHub.Server.Tests.Jobs;

public sealed class LeaseOwnerTests
{
    private static readonly LeaseOwner Self = new("node-a", 1, 5_000_000, "self");

    /// <summary>Processes running on the machine: id → start (unix ms).</summary>
    private static Func<int, long?> Running(params (int Id, long Start)[] processes) =>
        id => processes.Where(p => p.Id == id).Select(p => (long?)p.Start).FirstOrDefault();

    [Fact]
    public void Its_text_round_trips_and_the_older_form_without_a_start_is_read()
    {
        Assert.Equal(Self, LeaseOwner.Parse(Self.ToString()));
        Assert.Equal(new LeaseOwner("host", 42, null, "abc"), LeaseOwner.Parse("host:42:abc"));
        Assert.Null(LeaseOwner.Parse("not a lease owner"));
        Assert.Null(LeaseOwner.Parse(null));
    }

    [Fact]
    public void A_holder_whose_process_is_gone_is_dead()
    {
        var holder = new LeaseOwner("node-a", 77, 4_000_000, "old");

        Assert.True(holder.IsDeadPredecessorOf(Self, Running((1, 5_000_000))));
    }

    [Fact]
    public void A_container_restarted_in_place_recognises_its_previous_process_by_its_start()
    {
        var previous = new LeaseOwner("node-a", 1, 4_000_000, "old");

        Assert.True(previous.IsDeadPredecessorOf(Self, Running((1, 5_000_000))));
    }

    [Fact]
    public void A_running_server_of_the_same_machine_another_machine_and_itself_are_left_alone()
    {
        var neighbour = new LeaseOwner("node-a", 77, 4_000_000, "other");
        var elsewhere = new LeaseOwner("node-b", 77, 4_000_000, "other");
        var withoutStart = new LeaseOwner("node-a", 77, null, "other");
        var running = Running((1, 5_000_000), (77, 4_000_300));

        Assert.False(neighbour.IsDeadPredecessorOf(Self, running));
        Assert.False(elsewhere.IsDeadPredecessorOf(Self, Running()));
        Assert.False(withoutStart.IsDeadPredecessorOf(Self, running));
        Assert.False(Self.IsDeadPredecessorOf(Self, Running()));
    }

    [Fact]
    public void A_reused_process_id_does_not_keep_a_dead_holder_alive()
    {
        var holder = new LeaseOwner("node-a", 77, 4_000_000, "old");

        Assert.True(holder.IsDeadPredecessorOf(Self, Running((77, 4_900_000))));
    }

    [Fact]
    public void This_process_is_running_as_recorded()
    {
        var self = LeaseOwner.ThisProcess();

        Assert.Equal(Environment.ProcessId, self.ProcessId);
        Assert.InRange(Math.Abs(LeaseOwner.StartOfRunningProcess(self.ProcessId)!.Value - self.StartedAt!.Value), 0, 10);
    }
}
