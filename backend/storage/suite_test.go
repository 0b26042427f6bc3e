package storage

import "testing"

// suiteOnPostgres makes openTest open PostgreSQL databases; set only
// while TestTheSuiteOnPostgreSQL runs a test.
var suiteOnPostgres bool

// suite is every test that holds for both databases; on SQLite they run
// as themselves, and TestTheSuiteOnPostgreSQL runs them again on
// PostgreSQL. A test of something only one database has (SQLite's files,
// upgrades of its earlier versions, locks across computers) stays out.
var suite = []struct {
	name string
	test func(*testing.T)
}{
	{"KeysetPagesVisitEveryRowOnceInOrder", TestKeysetPagesVisitEveryRowOnceInOrder},
	{"FilterBySearchAndStateWithCounts", TestFilterBySearchAndStateWithCounts},
	{"AnotherLiveProcessRunBlocksButADeadOneDoesNot", TestAnotherLiveProcessRunBlocksButADeadOneDoesNot},
	{"PruneAndDeleteRemoveHistoryWithItsRows", TestPruneAndDeleteRemoveHistoryWithItsRows},
	{"SearchIndexFollowsRenamesDeletesAndOddCharacters", TestSearchIndexFollowsRenamesDeletesAndOddCharacters},
	{"SearchFindsRowsBeforeAndAfterTheIndexCatchesUpInBatches", TestSearchFindsRowsBeforeAndAfterTheIndexCatchesUpInBatches},
	{"SaveItemsUpsertsANewRowThatExistsAfterAll", TestSaveItemsUpsertsANewRowThatExistsAfterAll},
	{"KeptStateCountsFollowEveryWrite", TestKeptStateCountsFollowEveryWrite},
	{"ASearchGivesTheSamePagesWhicheverWayItIsRead", TestASearchGivesTheSamePagesWhicheverWayItIsRead},
	{"WriteAheadMarksBecomePendingOnlyForARunThatDied", TestWriteAheadMarksBecomePendingOnlyForARunThatDied},
	{"ARunLockIsExclusiveUntilReleased", TestARunLockIsExclusiveUntilReleased},
	{"ClearStuckRunsClosesEveryHostsRunButNotALockedOne", TestClearStuckRunsClosesEveryHostsRunButNotALockedOne},
	{"RunResultsComeBackAsWrittenWhateverTheirCharacters", TestRunResultsComeBackAsWrittenWhateverTheirCharacters},
	{"ItemsLoadsEveryFieldAsSaved", TestItemsLoadsEveryFieldAsSaved},
	{"ARunsErrorAndWarningsAreKeptWithinTheirBytes", TestARunsErrorAndWarningsAreKeptWithinTheirBytes},
	{"RowsReadBackAsWrittenWhateverTheirNeighboursHold", TestRowsReadBackAsWrittenWhateverTheirNeighboursHold},
	{"ConfirmedRowsWrittenInPlaceKeepEveryIndexRight", TestConfirmedRowsWrittenInPlaceKeepEveryIndexRight},
	{"HistoryRowsNameTheLocationTheyWrote", TestHistoryRowsNameTheLocationTheyWrote},
	{"ANewLocationMapKeepsTheBaselinesOfLocationsItStillFeeds", TestANewLocationMapKeepsTheBaselinesOfLocationsItStillFeeds},
	{"BundleRecipesAreReplacedWholeWithTheirRows", TestBundleRecipesAreReplacedWholeWithTheirRows},
}
