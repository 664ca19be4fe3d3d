using System;
using System.Collections.Generic;

namespace LimaCharlie
{
    /// <summary>
    /// A group: a set of users (members and owners) given one set of permissions on a set of organizations. Groups
    /// belong to users; only their owners see and change them.
    /// </summary>
    public sealed class Group
    {
        public Guid GroupId { get; set; }
        public string? Name { get; set; }
        /// <summary>E-mail addresses of the users who own (manage) the group.</summary>
        public string[] Owners { get; set; } = Array.Empty<string>();
        /// <summary>E-mail addresses of the users the group's permissions are given to.</summary>
        public string[] Members { get; set; } = Array.Empty<string>();
        public GroupOrganization[] Organizations { get; set; } = Array.Empty<GroupOrganization>();
        /// <summary>The permissions members get on the group's organizations.</summary>
        public string[] Permissions { get; set; } = Array.Empty<string>();
        /// <summary>Fields of the API's answer that this type does not name.</summary>
        public IDictionary<string, object?> AdditionalProperties { get; set; } = new JsonDictionary();

        public override string ToString() => Name is null ? GroupId.ToString() : $"{Name} ({GroupId})";
    }

    /// <summary>One organization of a group.</summary>
    public sealed class GroupOrganization
    {
        public Guid GroupId { get; set; }
        public Guid OrganizationId { get; set; }
        public string? Name { get; set; }

        public override string ToString() => Name is null ? OrganizationId.ToString() : $"{Name} ({OrganizationId})";
    }
}
