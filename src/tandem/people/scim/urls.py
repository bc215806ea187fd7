from django.urls import path, re_path

from . import views

app_name = "scim"
urlpatterns = [
    path("ServiceProviderConfig", views.service_provider_config, name="service_provider_config"),
    path("ResourceTypes", views.resource_types, name="resource_types"),
    path("ResourceTypes/<str:type_id>", views.resource_types, name="resource_type"),
    path("Schemas", views.schemas, name="schemas"),
    path("Schemas/<str:schema_id>", views.schemas, name="schema"),
    path(".search", views.search, name="search"),
    path("Users/.search", views.users_search, name="users_search"),
    path("Groups/.search", views.groups_search, name="groups_search"),
    path("Users", views.users_collection, name="users"),
    path("Users/<str:user_id>", views.user_detail, name="user"),
    path("Groups", views.groups_collection, name="groups"),
    path("Groups/<str:group_id>", views.group_detail, name="group"),
    re_path(r"^(?P<rest>.*)$", views.not_found, name="not_found"),
]
