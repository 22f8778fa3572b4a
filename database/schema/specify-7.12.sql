-- The tables spol reads and writes in a Specify 7.12 database, as Specify 7.12 (tag v7.12.0.7 of
-- github.com/specify/specify7) defines them, in the order they can be created. Tests load this file
-- into a private MariaDB; spol itself never creates tables in a real database.
--
-- Types are those Django's MySQL backend gives the fields (AutoField int AUTO_INCREMENT,
-- BooleanField tinyint(1), SmallIntegerField smallint, DateTimeField datetime(6), TextField
-- longtext). Defaults Django applies in Python (`default=...`) are not database defaults, so the
-- columns have none here either: every insert names them, as Specify's does. Django's on_delete
-- (CASCADE, SET_NULL, PROTECT) is applied by Django, not by the database: the foreign keys have no
-- ON DELETE clause, as in Specify's databases. Tables inherit the database's character set and
-- collation (Specify databases use a *_general_ci collation, which the tests create). A database that
-- Specify 6 created holds Hibernate's types for its own tables instead (bit(1), tinyint, datetime);
-- spol reads only their ids and text columns, where the two agree.
--
-- The Specify 6 tables (institution, division, discipline, collection, specifyuser, agent,
-- spprincipal, specifyuser_spprincipal, spauditlog) hold many more columns in Specify. Only these
-- are kept: the primary key, every NOT NULL column (so an insert here would also be valid there),
-- and the columns the permission code and spol read. Foreign keys to tables left out (datatype,
-- geographytreedef, geologictimeperiodtreedef) keep their NOT NULL column but no constraint.

-- specifyweb/specify/migrations/0001_initial.py (CreateModel 'Institution'); Specify 6 columns kept:
-- the key, NOT NULL ones, Name and Code.
CREATE TABLE institution (
    UserGroupScopeId int(11) NOT NULL AUTO_INCREMENT,
    TimestampCreated datetime(6) NOT NULL,
    IsAccessionsGlobal tinyint(1) NOT NULL,
    IsSecurityOn tinyint(1) NOT NULL,
    IsServerBased tinyint(1) NOT NULL,
    IsSharingLocalities tinyint(1) NOT NULL,
    IsSingleGeographyTree tinyint(1) NOT NULL,
    Name varchar(255) NULL,
    Code varchar(64) NULL,
    PRIMARY KEY (UserGroupScopeId)
) ENGINE=InnoDB;

-- specifyweb/specify/migrations/0001_initial.py (CreateModel 'Division', AddField division.institution):
-- the key, NOT NULL ones, Name.
CREATE TABLE division (
    UserGroupScopeId int(11) NOT NULL AUTO_INCREMENT,
    TimestampCreated datetime(6) NOT NULL,
    Name varchar(255) NULL,
    InstitutionID int(11) NOT NULL,
    PRIMARY KEY (UserGroupScopeId),
    CONSTRAINT division_InstitutionID_fk FOREIGN KEY (InstitutionID) REFERENCES institution (UserGroupScopeId)
) ENGINE=InnoDB;

-- specifyweb/specify/migrations/0001_initial.py (CreateModel 'Discipline', AddField discipline.division,
-- .geographytreedef, .geologictimeperiodtreedef): the key, NOT NULL ones, Name and Type (the discipline
-- type, e.g. 'fish'). DataTypeID, GeographyTreeDefID and GeologicTimePeriodTreeDefID are NOT NULL
-- foreign keys in Specify to tables not created here: kept as NOT NULL columns without constraints.
CREATE TABLE discipline (
    UserGroupScopeId int(11) NOT NULL AUTO_INCREMENT,
    TimestampCreated datetime(6) NOT NULL,
    IsPaleoContextEmbedded tinyint(1) NOT NULL,
    Name varchar(64) NULL,
    Type varchar(64) NULL,
    DataTypeID int(11) NOT NULL,
    DivisionID int(11) NOT NULL,
    GeographyTreeDefID int(11) NOT NULL,
    GeologicTimePeriodTreeDefID int(11) NOT NULL,
    PRIMARY KEY (UserGroupScopeId),
    CONSTRAINT discipline_DivisionID_fk FOREIGN KEY (DivisionID) REFERENCES division (UserGroupScopeId)
) ENGINE=InnoDB;

-- specifyweb/specify/migrations/0001_initial.py (CreateModel 'Collection', AddField collection.discipline):
-- the key, NOT NULL ones, CollectionName and Code.
CREATE TABLE collection (
    UserGroupScopeId int(11) NOT NULL AUTO_INCREMENT,
    TimestampCreated datetime(6) NOT NULL,
    CatalogFormatNumName varchar(64) NOT NULL,
    IsEmbeddedCollectingEvent tinyint(1) NOT NULL,
    CollectionName varchar(50) NULL,
    Code varchar(50) NULL,
    DisciplineID int(11) NOT NULL,
    PRIMARY KEY (UserGroupScopeId),
    CONSTRAINT collection_DisciplineID_fk FOREIGN KEY (DisciplineID) REFERENCES discipline (UserGroupScopeId)
) ENGINE=InnoDB;

-- specifyweb/specify/migrations/0001_initial.py (CreateModel 'Specifyuser'): the key, NOT NULL ones
-- (Name is unique), and UserType (the Specify 6 user type: Manager, FullAccess, LimitedAccess, Guest).
CREATE TABLE specifyuser (
    SpecifyUserID int(11) NOT NULL AUTO_INCREMENT,
    TimestampCreated datetime(6) NOT NULL,
    IsLoggedIn tinyint(1) NOT NULL,
    IsLoggedInReport tinyint(1) NOT NULL,
    Name varchar(64) NOT NULL,
    Password varchar(255) NOT NULL,
    UserType varchar(32) NULL,
    PRIMARY KEY (SpecifyUserID),
    UNIQUE KEY specifyuser_Name_uniq (Name)
) ENGINE=InnoDB;

-- specifyweb/specify/migrations/0001_initial.py (CreateModel 'Agent', AddField agent.division,
-- agent.specifyuser): the key, NOT NULL ones, the name columns, and the two foreign keys that make an
-- agent a user's agent in a division (what check_collection_access_against_agents looks for).
CREATE TABLE agent (
    AgentID int(11) NOT NULL AUTO_INCREMENT,
    TimestampCreated datetime(6) NOT NULL,
    AgentType smallint(6) NOT NULL,
    FirstName varchar(50) NULL,
    LastName varchar(256) NULL,
    MiddleInitial varchar(50) NULL,
    DivisionID int(11) NULL,
    SpecifyUserID int(11) NULL,
    PRIMARY KEY (AgentID),
    CONSTRAINT agent_DivisionID_fk FOREIGN KEY (DivisionID) REFERENCES division (UserGroupScopeId),
    CONSTRAINT agent_SpecifyUserID_fk FOREIGN KEY (SpecifyUserID) REFERENCES specifyuser (SpecifyUserID)
) ENGINE=InnoDB;

-- specifyweb/specify/migrations/0001_initial.py (CreateModel 'Spprincipal'): Specify 6 groups and user
-- principals. The key, NOT NULL ones, groupType and userGroupScopeID (a collection id for a user's
-- principal: Specify 6 collection access, backend/context/views.py users_collections_for_sp6; the
-- 'Administrator' group is the Specify 6 admin, backend/permissions/views.py ListAdmins).
CREATE TABLE spprincipal (
    SpPrincipalID int(11) NOT NULL AUTO_INCREMENT,
    TimestampCreated datetime(6) NOT NULL,
    GroupSubClass varchar(255) NOT NULL,
    groupType varchar(32) NULL,
    Name varchar(64) NOT NULL,
    Priority smallint(6) NOT NULL,
    userGroupScopeID int(11) NULL,
    PRIMARY KEY (SpPrincipalID)
) ENGINE=InnoDB;

-- specifyweb/specify/migrations/0043_normalize_many_to_many.py (CreateModel 'Specifyuser_spprincipal',
-- AddConstraint 'specifyuser_spprincipal'; specifyweb/specify/models.py Specifyuser_spprincipal): all
-- columns. The id column is spelt as Specify spells it.
CREATE TABLE specifyuser_spprincipal (
    SpeicfyuserSpPrincipalID int(11) NOT NULL AUTO_INCREMENT,
    SpecifyUserID int(11) NOT NULL,
    SpPrincipalID int(11) NOT NULL,
    PRIMARY KEY (SpeicfyuserSpPrincipalID),
    UNIQUE KEY specifyuser_spprincipal (SpecifyUserID, SpPrincipalID),
    CONSTRAINT specifyuser_spprincipal_SpecifyUserID_fk FOREIGN KEY (SpecifyUserID) REFERENCES specifyuser (SpecifyUserID),
    CONSTRAINT specifyuser_spprincipal_SpPrincipalID_fk FOREIGN KEY (SpPrincipalID) REFERENCES spprincipal (SpPrincipalID)
) ENGINE=InnoDB;

-- specifyweb/backend/permissions/migrations/0001_initial.py (UserPolicy; models.py UserPolicy): all columns.
-- A NULL collection_id is an institution-level policy; a NULL specifyuser_id applies to every user.
CREATE TABLE spuserpolicy (
    id int(11) NOT NULL AUTO_INCREMENT,
    resource varchar(1024) NOT NULL,
    action varchar(1024) NOT NULL,
    collection_id int(11) NULL,
    specifyuser_id int(11) NULL,
    PRIMARY KEY (id),
    CONSTRAINT spuserpolicy_collection_id_fk FOREIGN KEY (collection_id) REFERENCES collection (UserGroupScopeId),
    CONSTRAINT spuserpolicy_specifyuser_id_fk FOREIGN KEY (specifyuser_id) REFERENCES specifyuser (SpecifyUserID)
) ENGINE=InnoDB;

-- specifyweb/backend/permissions/migrations/0002_role_rolepolicy_userrole.py (Role) and
-- 0003_auto_20220321_1445.py (AddField role.description, a TextField): all columns.
CREATE TABLE sprole (
    id int(11) NOT NULL AUTO_INCREMENT,
    name varchar(1024) NOT NULL,
    collection_id int(11) NOT NULL,
    description longtext NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT sprole_collection_id_fk FOREIGN KEY (collection_id) REFERENCES collection (UserGroupScopeId)
) ENGINE=InnoDB;

-- specifyweb/backend/permissions/migrations/0002_role_rolepolicy_userrole.py (UserRole; the
-- specifyuser foreign key as altered in 0004_auto_20220407_1927.py): all columns.
CREATE TABLE spuserrole (
    id int(11) NOT NULL AUTO_INCREMENT,
    role_id int(11) NOT NULL,
    specifyuser_id int(11) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT spuserrole_role_id_fk FOREIGN KEY (role_id) REFERENCES sprole (id),
    CONSTRAINT spuserrole_specifyuser_id_fk FOREIGN KEY (specifyuser_id) REFERENCES specifyuser (SpecifyUserID)
) ENGINE=InnoDB;

-- specifyweb/backend/permissions/migrations/0002_role_rolepolicy_userrole.py (RolePolicy; the role
-- foreign key as altered in 0003_auto_20220321_1445.py): all columns.
CREATE TABLE sprolepolicy (
    id int(11) NOT NULL AUTO_INCREMENT,
    resource varchar(1024) NOT NULL,
    action varchar(1024) NOT NULL,
    role_id int(11) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT sprolepolicy_role_id_fk FOREIGN KEY (role_id) REFERENCES sprole (id)
) ENGINE=InnoDB;

-- specifyweb/backend/permissions/migrations/0003_auto_20220321_1445.py (LibraryRole): all columns.
CREATE TABLE splibraryrole (
    id int(11) NOT NULL AUTO_INCREMENT,
    name varchar(1024) NOT NULL,
    description longtext NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB;

-- specifyweb/backend/permissions/migrations/0003_auto_20220321_1445.py (LibraryRolePolicy): all columns.
CREATE TABLE splibraryrolepolicy (
    id int(11) NOT NULL AUTO_INCREMENT,
    resource varchar(1024) NOT NULL,
    action varchar(1024) NOT NULL,
    role_id int(11) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT splibraryrolepolicy_role_id_fk FOREIGN KEY (role_id) REFERENCES splibraryrole (id)
) ENGINE=InnoDB;

-- specifyweb/specify/migrations/0001_initial.py (CreateModel 'Spauditlog'): the key, NOT NULL ones, and
-- the columns specifyweb/backend/workbench/upload/auditlog.py AuditLog._log writes. In 7.12 the
-- permission API (backend/permissions/views.py) writes no audit-log rows: its models' custom_save is
-- commented out (backend/permissions/models.py). Only the data migrations 0006 and 0008 of the
-- permissions app call auditlog.insert for the policies and library role they create.
CREATE TABLE spauditlog (
    SpAuditLogID int(11) NOT NULL AUTO_INCREMENT,
    TimestampCreated datetime(6) NOT NULL,
    Action smallint(6) NOT NULL,
    ParentRecordId int(11) NULL,
    ParentTableNum smallint(6) NULL,
    RecordId int(11) NULL,
    RecordVersion int(11) NOT NULL,
    TableNum smallint(6) NOT NULL,
    CreatedByAgentID int(11) NULL,
    ModifiedByAgentID int(11) NULL,
    PRIMARY KEY (SpAuditLogID),
    CONSTRAINT spauditlog_CreatedByAgentID_fk FOREIGN KEY (CreatedByAgentID) REFERENCES agent (AgentID),
    CONSTRAINT spauditlog_ModifiedByAgentID_fk FOREIGN KEY (ModifiedByAgentID) REFERENCES agent (AgentID)
) ENGINE=InnoDB;
