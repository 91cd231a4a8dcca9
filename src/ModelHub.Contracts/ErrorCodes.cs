namespace ModelHub.Contracts;

/// <summary>The stable <c>code</c> values of problem details. Clients switch on these; never rename one.</summary>
public static class ErrorCodes
{
    public const string BadRequest = "bad_request";
    public const string MalformedJson = "malformed_json";
    public const string IncompleteBody = "incomplete_body";
    public const string NotFound = "not_found";
    public const string AuthenticationRequired = "authentication_required";
    public const string InvalidToken = "invalid_token";
    public const string TooManyFailedAuthentications = "too_many_failed_authentications";
    public const string Forbidden = "forbidden";
    public const string PayloadTooLarge = "payload_too_large";
    public const string HeadersTooLarge = "headers_too_large";
    public const string RangeNotSatisfiable = "range_not_satisfiable";

    public const string InvalidName = "invalid_name";
    public const string InvalidKind = "invalid_kind";
    public const string InvalidVersion = "invalid_version";
    public const string InvalidPath = "invalid_path";
    public const string InvalidDigest = "invalid_digest";
    public const string InvalidSize = "invalid_size";
    public const string InvalidField = "invalid_field";
    public const string InvalidPaging = "invalid_paging";
    public const string InvalidScope = "invalid_scope";
    public const string InvalidVariant = "invalid_variant";
    public const string InvalidContentType = "invalid_content_type";
    public const string DuplicatePath = "duplicate_path";
    public const string NoFiles = "no_files";
    public const string TooManyFiles = "too_many_files";

    public const string RepositoryNotFound = "repository_not_found";
    public const string RepositoryExists = "repository_exists";
    public const string NameTaken = "name_taken";
    public const string VersionNotFound = "version_not_found";
    public const string VersionExists = "version_exists";
    public const string FileNotFound = "file_not_found";
    public const string BlobNotFound = "blob_not_found";
    public const string BlobsMissing = "blobs_missing";
    public const string SizeMismatch = "size_mismatch";
    public const string DigestMismatch = "digest_mismatch";
    public const string DigestRequired = "digest_required";
    public const string UploadNotFound = "upload_not_found";
    public const string UploadOffsetMismatch = "upload_offset_mismatch";
    public const string InvalidContentRange = "invalid_content_range";
    public const string BlobTooLarge = "blob_too_large";
    public const string UploadQuotaExceeded = "upload_quota_exceeded";
    public const string TooManyUploadSessions = "too_many_upload_sessions";
    public const string TokenNotFound = "token_not_found";
    public const string ChannelNotFound = "channel_not_found";
    public const string NothingToRollBack = "nothing_to_roll_back";
    public const string VersionNotInHistory = "version_not_in_history";
    public const string VersionNotPublished = "version_not_published";
    public const string VersionInChannel = "version_in_channel";
    public const string VersionInUse = "version_in_use";
    public const string DatasetVersionNotFound = "dataset_version_not_found";
    public const string NoTierFits = "no_tier_fits";

    // Validation requests.
    public const string SmokeHintUnmatched = "smoke_hint_unmatched";
    public const string MemoryCapAboveMaximum = "memory_cap_above_maximum";
    public const string InvalidDevice = "invalid_device";
    public const string SigningKeysConfigured = "signing_keys_configured";

    // Dataset tables, commits and compares.
    public const string TableNotFound = "table_not_found";
    public const string TableNotReady = "table_not_ready";
    public const string TableInvalid = "table_invalid";
    public const string InvalidFilter = "invalid_filter";
    public const string UnknownColumn = "unknown_column";
    public const string DuplicateKey = "duplicate_key";
    public const string KeyNotFound = "key_not_found";
    public const string KeyRequired = "key_required";
    public const string EditInvalid = "edit_invalid";
    public const string ParentNotFound = "parent_not_found";
    public const string NothingToCommit = "nothing_to_commit";
    public const string InvalidCompare = "invalid_compare";
    public const string ThumbnailNotFound = "thumbnail_not_found";
    public const string NotADataset = "not_a_dataset";

    // Evaluations of model versions on dataset versions.
    public const string EvaluationSpecInvalid = "evaluation_spec_invalid";
    public const string EvaluationNotFound = "evaluation_not_found";
    public const string EvaluationNotDone = "evaluation_not_done";
    public const string SuspectsAlreadyAccepted = "suspects_already_accepted";
    public const string DatasetMovedOn = "dataset_moved_on";
    public const string NotAModel = "not_a_model";
}
