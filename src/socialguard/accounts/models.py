"""Staff: every user belongs to one council (installation operators belong to none)."""

from __future__ import annotations

from functools import cached_property
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models

from socialguard.accounts.roles import Capability, Role, capabilities_for
from socialguard.councils.models import Council


class StaffManager(UserManager["User"]):
    """Users log in with their email address; it is stored lower-case so lookups are exact."""

    def _create_user_object(
        self, username: str | None, email: str | None, password: str | None, **extra: Any
    ) -> User:
        email = (email or username or "").strip().lower()
        user = self.model(email=email, **extra)
        user.password = ""
        user.set_password(password)
        return user

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        user = self._create_user_object(None, email, password, **extra)
        user.save(using=self._db)
        return user

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=(username or "").strip())


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    job_title = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)
    line_manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = StaffManager()  # type: ignore[misc]

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        indexes = [models.Index(fields=["council", "is_active"])]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @cached_property
    def roles(self) -> frozenset[Role]:
        """The roles held, read once per request. Everyone on a council's staff is an employee."""
        if not self.is_active or self.council_id is None:
            return frozenset()
        held = {Role(r) for r in self.role_assignments.values_list("role", flat=True)}
        return frozenset(held | {Role.EMPLOYEE})

    @cached_property
    def capabilities(self) -> frozenset[Capability]:
        return capabilities_for(self.roles) if self.roles else frozenset()

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=40, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="one_assignment_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"
